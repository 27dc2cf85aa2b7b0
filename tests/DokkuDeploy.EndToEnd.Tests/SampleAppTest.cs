using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>A fresh copy of the sample and a fresh app name for each test; the app and its images go afterwards.</summary>
[NonParallelizable]
public abstract class SampleAppTest
{
    protected TestBedEnvironment testBed = null!;
    protected SampleWorkspace workspace = null!;
    protected string app = "";

    [SetUp]
    public async Task CreateWorkspace()
    {
        testBed = TestBedEnvironment.Require();
        workspace = await SampleWorkspace.CreateAsync();
        app = $"e2e-{Guid.NewGuid():N}"[..12];
    }

    [TearDown]
    public async Task DestroyApp()
    {
        await TestApps.DestroyAsync(testBed, app);
        workspace.Dispose();
    }
}
