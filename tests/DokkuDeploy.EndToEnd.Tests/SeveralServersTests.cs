using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// DokkuRemote items: one build, released on every server in parallel, each reporting on its own.
/// The two "servers" are two apps behind the test bed's sshd, one reached by an address and one by a name,
/// so each has its own SSH connection, host-key check, deploy history and release.
/// </summary>
public sealed class SeveralServersTests : SampleAppTest
{
    string secondApp = "";

    [SetUp]
    public void NameSecondApp() => secondApp = app + "-b";

    [TearDown]
    public Task DestroySecondApp() => TestApps.DestroyAsync(testBed, secondApp);

    [Test]
    public async Task One_build_is_released_on_every_server_and_each_answers()
    {
        UseRemotes(Remote(app), Remote(secondApp));

        var result = await PublishToItemsAsync();

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Count(result.StandardOutput, "Building image"), Is.EqualTo(1), "built once for both servers");
        Assert.That(result.StandardOutput, Does.Contain($"/{app}] Deployed '{app}'"));
        Assert.That(result.StandardOutput, Does.Contain($"/{secondApp}] Deployed '{secondApp}'"));
        var urls = DeployRun.AppUrls(result);
        Assert.That(urls, Has.Count.EqualTo(2), result.StandardOutput);
        foreach (var url in urls)
        {
            Assert.That(await DeployRun.GetAsync(url), Is.EqualTo("Hello from HelloDokku!"));
        }
    }

    [Test]
    public async Task A_server_that_cannot_be_reached_fails_the_deploy_before_the_build_and_changes_no_server()
    {
        UseRemotes(Remote(app), $"ssh://{testBed.SshUser}@127.0.0.1:1/{secondApp}");

        var result = await PublishToItemsAsync();

        Assert.That(result.ExitCode, Is.Not.Zero, result.ToString());
        Assert.That(DeployRun.ErrorCodes(result), Is.EqualTo(new[] { "DOKKU4002" }), result.StandardOutput);
        Assert.That(result.StandardOutput, Does.Not.Contain("Building image"));
        var exists = await new StandInShell(testBed).RunAsync($"apps:exists {app}");
        Assert.That(exists.ExitCode, Is.EqualTo(20), "the reachable server was not changed either");
    }

    string Remote(string appName) => $"ssh://{testBed.SshUser}@{testBed.SshHost}:{testBed.SshPort}/{appName}";

    void UseRemotes(params string[] remotes) =>
        File.WriteAllText(Path.Combine(workspace.Project, "Directory.Build.targets"), $"""
            <Project>
              <ItemGroup>
            {string.Join(Environment.NewLine, remotes.Select(r => $"    <DokkuRemote Include=\"{r}\" />"))}
              </ItemGroup>
            </Project>
            """);

    Task<ProcessResult> PublishToItemsAsync()
    {
        var arguments = DeployRun.Arguments(testBed, app).Where(a => !a.StartsWith("-p:DokkuRemote=", StringComparison.Ordinal)).ToArray();
        return workspace.DotnetAsync(arguments, DeployRun.Environment(testBed, workspace.Root));
    }

    static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
