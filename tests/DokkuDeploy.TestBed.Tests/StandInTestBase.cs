using DokkuDeploy.Testing;
using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>
/// Talks to the test bed's Dokku stand-in only through the OpenSSH client. Every app and image a
/// test makes is named t-&lt;guid8&gt; and removed after the test, from both engines.
/// <see cref="Docker"/> is the developer's engine (images are built and saved there),
/// <see cref="ServerDocker"/> the Dokku server's (what the stand-in holds and runs).
/// </summary>
public abstract class StandInTestBase
{
    readonly List<string> apps = [];
    readonly List<string> images = [];

    protected TestBedEnvironment TestBed { get; private set; } = null!;
    protected StandInShell Dokku { get; private set; } = null!;
    protected DockerCli Docker { get; private set; } = null!;
    protected DockerCli ServerDocker { get; private set; } = null!;
    protected HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    // Per test: each test runs on its own fixture instance (see AssemblyInfo.cs).
    [SetUp]
    public void RequireTestBed()
    {
        TestBed = TestBedEnvironment.Require();
        Dokku = new StandInShell(TestBed);
        Docker = new DockerCli(TestBed);
        ServerDocker = DockerCli.ForServer(TestBed);
    }

    [TearDown]
    public async Task RemoveAppsAndImages()
    {
        Http.Dispose();
        if (TestBed is null)
            return;
        foreach (var app in apps)
            await Dokku.RunAsync($"--force apps:destroy {app}");
        apps.Clear();
        await Docker.RemoveImagesAsync(images);
        await ServerDocker.RemoveImagesAsync(images);
        images.Clear();
    }

    /// <summary>A fresh app name, destroyed after the test whether or not it gets created.</summary>
    protected string NewAppName()
    {
        var app = "t-" + Guid.NewGuid().ToString("N")[..8];
        apps.Add(app);
        return app;
    }

    protected async Task<string> CreateAppAsync()
    {
        var app = NewAppName();
        await RunOkAsync($"apps:create {app}");
        return app;
    }

    /// <summary>The core's own SSH connection to the stand-in (SSH.NET, the bed's key and known_hosts), as a deploy opens it.</summary>
    protected Task<DokkuDeploy.Core.Ssh.SshRemoteShell> ConnectAsync(DokkuDeploy.Core.Logging.IDeployLog log) => DokkuDeploy.Core.Ssh.SshRemoteShell.ConnectAsync(
        new DokkuDeploy.Core.Ssh.SshTarget(TestBed.SshHost, TestBed.SshPort, TestBed.SshUser),
        DokkuDeploy.Core.Ssh.SshCredentials.FromKeyFiles([TestBed.SshKeyPath]),
        DokkuDeploy.Core.Ssh.HostKeyPolicy.FromFiles([TestBed.KnownHostsPath]),
        log,
        CancellationToken.None);

    /// <summary>Runs a command that must exit 0, and returns its result.</summary>
    protected async Task<ProcessResult> RunOkAsync(string commandLine, byte[]? standardInput = null)
    {
        var result = await Dokku.RunAsync(commandLine, standardInput);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        return result;
    }

    /// <summary>Builds a busybox httpd app image tagged dokkudeploy-tb/APP:VERSION on the developer's engine.</summary>
    protected Task<string> BuildAppImageAsync(string app, string version, string indexHtml, string? appJson = null,
        IReadOnlyDictionary<string, string>? wwwFiles = null, bool servesGreeting = false) =>
        BuildAppImageAsync(app, version, NewApp(indexHtml, appJson, wwwFiles, servesGreeting));

    protected async Task<string> BuildAppImageAsync(string app, string version, BusyboxHttpdApp definition)
    {
        var tag = $"dokkudeploy-tb/{app}:{version}";
        images.Add(tag);
        await definition.BuildAsync(Docker, tag);
        return tag;
    }

    protected BusyboxHttpdApp NewApp(string indexHtml, string? appJson = null,
        IReadOnlyDictionary<string, string>? wwwFiles = null, bool servesGreeting = false) => new()
    {
        BaseImage = TestBed.BusyboxImage,
        IndexHtml = indexHtml,
        AppJson = appJson,
        WwwFiles = wwwFiles ?? new Dictionary<string, string>(),
        ServesGreeting = servesGreeting,
    };

    /// <summary>Records an image tag (e.g. a registry copy) for removal after the test.</summary>
    protected void RemoveAfterTest(string image) => images.Add(image);

    /// <summary>Pushes IMAGE from the developer's engine to the test bed registry as REGISTRY/APP:TAG,
    /// the name the server's engine pulls by (git:from-image).</summary>
    protected async Task<string> PushToRegistryAsync(string image, string app, string tag)
    {
        var remote = $"{TestBed.Registry}/{app}:{tag}";
        RemoveAfterTest(remote);
        await Docker.RunCheckedAsync(["tag", image, remote]);
        await Docker.RunCheckedAsync(["push", remote]);
        return remote;
    }

    /// <summary>`docker save IMAGE | ssh dokku@… git:load-image APP IMAGE` (saved from the developer's engine).</summary>
    protected async Task<ProcessResult> LoadImageAsync(string app, string image, string? globalFlags = null)
    {
        var tar = await Docker.SaveAsync(image);
        try
        {
            await using var stream = File.OpenRead(tar);
            var prefix = globalFlags is null ? "" : globalFlags + " ";
            return await Dokku.RunAsync($"{prefix}git:load-image {app} {image}", standardInputStream: stream);
        }
        finally
        {
            File.Delete(tar);
        }
    }

    /// <summary>The body at URL+PATH, retried briefly: a just-swapped container may need a moment.</summary>
    protected async Task<string> GetBodyAsync(Uri url, string path = "/")
    {
        // A container that just started may take a while to listen on a loaded machine: retry until a deadline.
        var target = new Uri(url, path);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            try
            {
                return await Http.GetStringAsync(target);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Asserts exit code and exact stdout/stderr lines against a transcript.</summary>
    protected static void AssertMatches(Transcript expected, int exitCode, IReadOnlyList<string> stdout, IReadOnlyList<string> stderr, string context)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.EqualTo(expected.ExitCode), "exit code\n" + context);
            Assert.That(stdout, Is.EqualTo(expected.StandardOutputLines), "stdout\n" + context);
            Assert.That(stderr, Is.EqualTo(expected.StandardErrorLines), "stderr\n" + context);
        }
    }

    /// <summary>Transcript lines with the recorded app name replaced by APP.</summary>
    protected static Transcript ForApp(Transcript transcript, string recordedApp, string app) => transcript with
    {
        StandardOutput = transcript.StandardOutput.Replace(recordedApp, app, StringComparison.Ordinal),
        StandardError = transcript.StandardError.Replace(recordedApp, app, StringComparison.Ordinal),
    };
}
