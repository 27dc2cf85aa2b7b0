using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Registry;
using DokkuDeploy.Core.Ssh;
using DokkuDeploy.Testing;
using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>
/// The registry deploy method's pieces against the test bed: the client engine pushes to the htpasswd
/// registry on 127.0.0.1:5001 with credentials from the environment or a docker config, the stand-in
/// logs the server engine in (`registry:login`, password on stdin) and `git:from-image` pulls and deploys.
/// Not parallel: the server engine's registry login (~dokku/.docker/config.json) is one for all apps.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RegistryTests : StandInTestBase
{
    string scratch = null!;

    string AuthRegistry => TestBed.Get("DOKKU_TESTBED_AUTH_REGISTRY");
    string Username => TestBed.Get("DOKKU_TESTBED_AUTH_REGISTRY_USERNAME");
    string Password => TestBed.Get("DOKKU_TESTBED_AUTH_REGISTRY_PASSWORD");

    [SetUp]
    public void MakeScratch()
    {
        scratch = Path.Combine(TestBed.Root, "tmp", "registry-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(scratch, "docker-config"));
    }

    [TearDown]
    public void RemoveScratch() => Directory.Delete(scratch, recursive: true);

    /// <summary>The developer's environment as DokkuDeploy reads it: the test bed's engine, an empty docker config folder, and what the test adds.</summary>
    Func<string, string?> Environment(params (string Name, string Value)[] variables)
    {
        var values = variables.ToDictionary(v => v.Name, v => v.Value);
        values["DOCKER_HOST"] = TestBed.DockerHost;
        values.TryAdd("DOCKER_CONFIG", Path.Combine(scratch, "docker-config"));
        values.TryAdd("HOME", scratch);
        values.TryAdd("PATH", System.Environment.GetEnvironmentVariable("PATH") ?? "");
        return name => values.GetValueOrDefault(name);
    }

    Func<string, string?> WithLogin(string password) =>
        Environment((RegistryCredentials.UsernameVariable, Username), (RegistryCredentials.PasswordVariable, password));

    async Task<PublishedImage> PublishAsync(string localImage, string app, Func<string, string?> environment, RecordingLog log, string? registry = null)
    {
        using var engine = await DockerEngine.ConnectAsync(DockerEndpoint.Resolve(environment), log, CancellationToken.None);
        var image = RegistryImage.For(registry ?? AuthRegistry, null, app, localImage);
        RemoveAfterTest(image.Reference);
        var publisher = new RegistryPublisher(engine, new RegistryCredentials(environment), log);
        return await publisher.PublishAsync(localImage, image, CancellationToken.None);
    }

    async Task<T> WithDokkuAsync<T>(RecordingLog log, Func<DokkuClient, Task<T>> use)
    {
        await using var shell = await ConnectAsync(log);
        return await use(new DokkuClient(shell, log, new DokkuRemote(TestBed.SshUser, TestBed.SshHost, TestBed.SshPort, "unused")));
    }

    /// <summary>The server engine forgets every registry login: ~dokku/.docker/config.json goes.</summary>
    async Task LogServerOutAsync()
    {
        var passwd = await ProcessRunner.RunAsync("getent", ["passwd", TestBed.SshUser]);
        var home = passwd.StandardOutput.Trim().Split(':')[5];
        // No ~dokku/.docker at all (no test logged the server in yet) is logged out too.
        var config = Path.Combine(home, ".docker", "config.json");
        if (File.Exists(config))
            File.Delete(config);
    }

    void AssertNoPassword(RecordingLog log, params string?[] more)
    {
        var everything = log.Everything.Concat(more.Where(m => m is not null)!).ToList();
        Assert.That(everything.Where(line => line!.Contains(Password, StringComparison.Ordinal)), Is.Empty, "the registry password in a log line or message");
        var registryLog = File.ReadAllText(Path.Combine(TestBed.Root, "registry-auth", "registry.log"));
        Assert.That(registryLog, Does.Not.Contain(Password), "the registry's own log");
    }

    [Test]
    public async Task PushWithALoginThenFromImageDeploysAndTheAppAnswersHttp()
    {
        var app = await CreateAppAsync();
        var local = await BuildAppImageAsync(app, "v1", "pulled from the registry\n");
        var log = new RecordingLog();

        var published = await PublishAsync(local, app, WithLogin(Password), log);

        Assert.That(published.Image.Reference, Is.EqualTo($"{AuthRegistry}/{app}:v1"));
        Assert.That(published.Credential!.Source, Is.EqualTo("DOKKU_REGISTRY_USERNAME/DOKKU_REGISTRY_PASSWORD"));
        Assert.That(published.Push.LayersPushed, Is.GreaterThan(0));
        Assert.That(published.Push.Digest, Does.StartWith("sha256:"));

        var result = await WithDokkuAsync(log, async dokku =>
        {
            await dokku.RegistryLoginAsync(AuthRegistry, published.Credential, CancellationToken.None);
            return await dokku.FromRegistryImageAsync(app, published.Image, CancellationToken.None);
        });

        Assert.That(result.Outcome, Is.EqualTo(DeployOutcome.Deployed));
        Assert.That(await GetBodyAsync(new Uri(result.Urls[0])), Is.EqualTo("pulled from the registry\n"));
        Assert.That(log.Steps, Has.Some.Contains("Login Succeeded for global registry"), "Dokku's answer to registry:login");
        Assert.That(log.Details, Has.Some.Contains($"registry:login --global --password-stdin {AuthRegistry} {Username}"),
            "the command shown: the password is not in it");
        AssertNoPassword(log);
    }

    [Test]
    public async Task TheSameImageAgainIsNoChangeAndTheRegistryHasEveryLayer()
    {
        var app = await CreateAppAsync();
        var local = await BuildAppImageAsync(app, "v1", "once\n");
        var first = await PublishAsync(local, app, WithLogin(Password), new RecordingLog());
        await WithDokkuAsync(new RecordingLog(), async dokku =>
        {
            await dokku.RegistryLoginAsync(AuthRegistry, first.Credential!, CancellationToken.None);
            return await dokku.FromRegistryImageAsync(app, first.Image, CancellationToken.None);
        });

        var again = await PublishAsync(local, app, WithLogin(Password), new RecordingLog());
        var result = await WithDokkuAsync(new RecordingLog(), dokku => dokku.FromRegistryImageAsync(app, again.Image, CancellationToken.None));

        Assert.That(again.Push.LayersPushed, Is.Zero);
        Assert.That(again.Push.BytesPushed, Is.Zero);
        Assert.That(result.Outcome, Is.EqualTo(DeployOutcome.NoChanges));
    }

    [Test]
    public async Task AWrongPasswordIsACodedErrorAndTheRunningAppIsUntouched()
    {
        var app = await CreateAppAsync();
        var running = await BuildAppImageAsync(app, "v1", "still v1\n");
        var loaded = await LoadImageAsync(app, running);
        Assert.That(loaded.ExitCode, Is.Zero, loaded.ToString());
        var url = new Uri(DokkuOutput.DeployedUrls(loaded.StandardOutputLines)[0]);
        var next = await BuildAppImageAsync(app, "v2", "never deployed\n");
        var log = new RecordingLog();
        const string wrong = "not-the-password-4711";

        var error = await Assert.ThrowsAsync<DeployException>(() => PublishAsync(next, app, WithLogin(wrong), log));

        Assert.That(error!.Code, Is.EqualTo("DOKKU7010"), error.Message);
        Assert.That(error.Message, Does.Contain("DOKKU_REGISTRY_USERNAME/DOKKU_REGISTRY_PASSWORD").And.Not.Contain(wrong));
        Assert.That(log.Everything.Where(l => l.Contains(wrong, StringComparison.Ordinal)), Is.Empty);
        Assert.That(await GetBodyAsync(url), Is.EqualTo("still v1\n"));
        AssertNoPassword(log, error.Message);
    }

    [Test]
    public async Task WithoutAnyLoginThePushSaysWhereItLooked()
    {
        var app = NewAppName();
        var local = await BuildAppImageAsync(app, "v1", "anonymous\n");

        var error = await Assert.ThrowsAsync<DeployException>(() => PublishAsync(local, app, Environment(), new RecordingLog()));

        Assert.That(error!.Code, Is.EqualTo("DOKKU7003"), error.Message);
        Assert.That(error.Message, Does.Contain(Path.Combine(scratch, "docker-config", "config.json") + " (no such file)"));
    }

    [Test]
    public async Task ALoginInTheDockerConfigIsUsed()
    {
        var app = NewAppName();
        var local = await BuildAppImageAsync(app, "v1", "config.json\n");
        var config = Path.Combine(scratch, "docker-config", "config.json");
        var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Username}:{Password}"));
        await File.WriteAllTextAsync(config, $$"""{ "auths": { "{{AuthRegistry}}": { "auth": "{{auth}}" } } }""");
        var log = new RecordingLog();

        var published = await PublishAsync(local, app, Environment(), log);

        Assert.That(published.Credential!.Source, Does.Contain(config));
        AssertNoPassword(log);
    }

    [Test]
    public async Task ARegistryWithoutAuthTakesAnAnonymousPush()
    {
        var app = NewAppName();
        var local = await BuildAppImageAsync(app, "v1", "no auth\n");

        var published = await PublishAsync(local, app, Environment(), new RecordingLog(), registry: TestBed.Registry);

        Assert.That(published.Credential, Is.Null);
        Assert.That(published.Push.Digest, Does.StartWith("sha256:"));
    }

    [Test]
    public async Task AServerThatIsNotLoggedInIsACodedErrorAndTheRunningAppIsUntouched()
    {
        var app = await CreateAppAsync();
        var running = await BuildAppImageAsync(app, "v1", "still v1\n");
        var loaded = await LoadImageAsync(app, running);
        var url = new Uri(DokkuOutput.DeployedUrls(loaded.StandardOutputLines)[0]);
        var next = await BuildAppImageAsync(app, "v2", "never deployed\n");
        var published = await PublishAsync(next, app, WithLogin(Password), new RecordingLog());
        await LogServerOutAsync();

        var error = await Assert.ThrowsAsync<DeployException>(() =>
            WithDokkuAsync(new RecordingLog(), dokku => dokku.FromRegistryImageAsync(app, published.Image, CancellationToken.None)));

        Assert.That(error!.Code, Is.EqualTo("DOKKU7020"), error.Message);
        Assert.That(error.Message, Does.Contain("registry:login --global --password-stdin " + AuthRegistry));
        Assert.That(await GetBodyAsync(url), Is.EqualTo("still v1\n"));
    }

    [Test]
    public async Task AServerLoginWithAWrongPasswordIsACodedErrorWithoutThePassword()
    {
        const string wrong = "wrong-server-password-0815";
        var log = new RecordingLog();

        var error = await Assert.ThrowsAsync<DeployException>(() => WithDokkuAsync(log, async dokku =>
        {
            await dokku.RegistryLoginAsync(AuthRegistry, new RegistryCredential(Username, wrong, "a test"), CancellationToken.None);
            return 0;
        }));

        Assert.That(error!.Code, Is.EqualTo("DOKKU7023"), error.Message);
        Assert.That(error.Message, Does.Contain("401 Unauthorized").And.Not.Contain(wrong));
        Assert.That(log.Everything.Where(l => l.Contains(wrong, StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task ARegistryThatDoesNotAnswerIsACodedError()
    {
        var app = NewAppName();
        var local = await BuildAppImageAsync(app, "v1", "nowhere\n");

        // Nothing listens on 127.0.0.1:5999 (the test bed's ports are 3022, 5000 and 5001).
        var error = await Assert.ThrowsAsync<DeployException>(() => PublishAsync(local, app, Environment(), new RecordingLog(), registry: "127.0.0.1:5999"));

        Assert.That(error!.Code, Is.EqualTo("DOKKU7012"), error.Message);
        Assert.That(error.Message, Does.Contain("connection refused"));
    }

    /// <summary>The stand-in answers registry:login with the lines of Dokku 0.38's registry plugin (its Go source: LogWarn, LogFailWithError, pflag).</summary>
    [Test]
    public async Task TheStandInAnswersRegistryLoginAsDokku()
    {
        var ok = await Dokku.RunAsync($"registry:login --global --password-stdin {AuthRegistry} {Username}", System.Text.Encoding.UTF8.GetBytes(Password + "\n"));
        Assert.That((ok.ExitCode, ok.StandardOutputLines, ok.StandardErrorLines),
            Is.EqualTo((0, Array.Empty<string>(), new[] { " !     Login Succeeded for global registry" })), ok.ToString());

        var refused = await Dokku.RunAsync($"registry:login --global --password-stdin {AuthRegistry} {Username}", "wrong\n"u8.ToArray());
        Assert.That(refused.ExitCode, Is.EqualTo(1));
        Assert.That(refused.StandardErrorLines, Is.EqualTo(new[]
        {
            $" !     Unable to run docker login: Error response from daemon: login attempt to http://{AuthRegistry}/v2/ failed with status: 401 Unauthorized",
        }));

        var deprecated = await Dokku.RunAsync($"registry:login --password-stdin {AuthRegistry} {Username}", System.Text.Encoding.UTF8.GetBytes(Password + "\n"));
        Assert.That(deprecated.StandardErrorLines, Is.EqualTo(new[]
        {
            " !     Deprecated: please use --global flag for global registry login",
            " !     Login Succeeded for global registry",
        }));

        var missing = await Dokku.RunAsync($"registry:login --global {AuthRegistry}");
        Assert.That((missing.ExitCode, missing.StandardErrorLines), Is.EqualTo((1, new[] { " !     Missing username argument" })));

        var unknownFlag = await Dokku.RunAsync("registry:login --bogus");
        Assert.That(unknownFlag.ExitCode, Is.EqualTo(2));
        Assert.That(unknownFlag.StandardErrorLines[0], Is.EqualTo("unknown flag: --bogus"));
    }
}
