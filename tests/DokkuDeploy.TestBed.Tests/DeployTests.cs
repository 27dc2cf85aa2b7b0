using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>The three ways an image reaches the stand-in, each ending with an app that answers HTTP
/// and sees its config as environment.</summary>
[TestFixture]
public sealed class LoadImageDeployTests : StandInTestBase
{
    [Test]
    public async Task DeployedAppAnswersHttpAndSeesEncodedConfig()
    {
        var app = await CreateAppAsync();
        await RunOkAsync($"config:set --encoded --no-restart {app} GREETING={Base64("hi from load-image")}");
        var image = await BuildAppImageAsync(app, "v1", "loaded\n", servesGreeting: true);

        var result = await LoadImageAsync(app, image);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var url = DeployOutput.DeployedUrl(result.StandardOutputLines);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(url.Host)), Is.True, "the app's own loopback address, standing in for APP.DOMAIN");
            Assert.That(await GetBodyAsync(url), Is.EqualTo("loaded\n"));
            Assert.That(await GetBodyAsync(url, "/cgi-bin/greeting"), Is.EqualTo("hi from load-image"));
            Assert.That(result.StandardOutputLines, Does.Contain("       starting httpd on 5000 GREETING=hi from load-image"));
        }
        var logs = await RunOkAsync($"logs {app}");
        Assert.That(logs.StandardOutput, Does.Contain($"{app}[web.1]: starting httpd on 5000 GREETING=hi from load-image"));
    }

    [Test]
    public async Task ConfigSetOnDeployedAppRestartsWithTheNewEnvironmentOnStdout()
    {
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "v1", "restart\n", servesGreeting: true);
        Assert.That((await LoadImageAsync(app, image)).ExitCode, Is.Zero);

        var result = await Dokku.RunAsync($"config:set --encoded {app} GREETING={Base64("after restart")}");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.StandardError, Is.Empty, "a restarting config:set writes everything to stdout");
            Assert.That(result.StandardOutputLines.Take(2), Is.EqualTo(new[] { "-----> Setting config vars", "       GREETING:  after restart" }));
            Assert.That(result.StandardOutputLines, Does.Contain("       All checks successful (web.1)"));
            Assert.That(await GetBodyAsync(DeployOutput.DeployedUrl(result.StandardOutputLines), "/cgi-bin/greeting"), Is.EqualTo("after restart"));
        }
    }

    [Test]
    public async Task PortsSetDecidesTheContainerPort()
    {
        var app = await CreateAppAsync();
        await RunOkAsync($"ports:set {app} http:80:8080");
        var image = await BuildAppImageAsync(app, "v1", "port 8080\n");

        var result = await LoadImageAsync(app, image);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutputLines, Does.Contain("       starting httpd on 8080 GREETING="));
        Assert.That(await GetBodyAsync(DeployOutput.DeployedUrl(result.StandardOutputLines)), Is.EqualTo("port 8080\n"));
    }

    [Test]
    public async Task LogsNumLimitsTheLines()
    {
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "v1", "logs\n");
        var deploy = await LoadImageAsync(app, image);
        Assert.That(deploy.ExitCode, Is.Zero, deploy.ToString());
        var url = DeployOutput.DeployedUrl(deploy.StandardOutputLines);
        await GetBodyAsync(url);
        await GetBodyAsync(url);

        var result = await RunOkAsync($"logs {app} --num 1");

        Assert.That(result.StandardOutputLines, Has.Count.EqualTo(1), result.ToString());
        Assert.That(result.StandardOutputLines[0], Does.Contain($" {app}[web.1]: "));
    }

    [Test]
    public async Task QuietDeployPrintsOnlyWhatDockerLoadSays()
    {
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "v1", "quiet\n");

        var result = await LoadImageAsync(app, image, "--quiet");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutputLines, Is.EqualTo(new[] { $"Loaded image: {image}" }));
        var report = await RunOkAsync($"ps:report {app}");
        Assert.That(report.StandardOutputLines, Does.Contain("       Running:                          true"));
    }

    static string Base64(string value) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value));
}

[TestFixture]
public sealed class GitPushDeployTests : StandInTestBase
{
    [Test]
    public async Task PushToMissingAppCreatesItAndDeploysWithConfig()
    {
        var app = NewAppName();
        using var repository = await GitRepository.CreateAsync(NewApp("pushed v1\n", servesGreeting: true));

        var first = await repository.PushAsync(Dokku, app);

        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        await RunOkAsync($"apps:exists {app}");
        var url = DeployOutput.DeployedUrl(DeployOutput.GitStderrLines(first.StandardError));
        Assert.That(await GetBodyAsync(url), Is.EqualTo("pushed v1\n"));

        var config = await RunOkAsync($"config:set --encoded {app} GREETING={Convert.ToBase64String("git says hi"u8.ToArray())}");
        var restarted = DeployOutput.DeployedUrl(config.StandardOutputLines);
        Assert.That(await GetBodyAsync(restarted, "/cgi-bin/greeting"), Is.EqualTo("git says hi"));
        var logs = await RunOkAsync($"logs {app}");
        Assert.That(logs.StandardOutput, Does.Contain("GREETING=git says hi"));
    }

    [Test]
    public async Task SecondPushReplacesTheApp()
    {
        var app = await CreateAppAsync();
        using var repository = await GitRepository.CreateAsync(NewApp("push one\n"));
        Assert.That((await repository.PushAsync(Dokku, app)).ExitCode, Is.Zero);
        File.WriteAllText(Path.Combine(repository.Directory, "index.html"), "push two\n");
        await repository.CommitAllAsync("two");

        var second = await repository.PushAsync(Dokku, app);

        Assert.That(second.ExitCode, Is.Zero, second.ToString());
        var lines = DeployOutput.GitStderrLines(second.StandardError);
        Assert.That(lines, Does.Contain($"remote:        Found previous container(s) ({GetRetiredId(lines)}) named {app}.web.1"));
        Assert.That(await GetBodyAsync(DeployOutput.DeployedUrl(lines)), Is.EqualTo("push two\n"));
    }

    [Test]
    public async Task BrokenDockerfileRejectsThePush()
    {
        var app = await CreateAppAsync();
        using var repository = await GitRepository.CreateAsync(NewApp("broken\n"));
        File.AppendAllText(Path.Combine(repository.Directory, "Dockerfile"), "COPY does-not-exist /nowhere\n");
        await repository.CommitAllAsync("broken");

        var result = await repository.PushAsync(Dokku, app);

        Assert.That(result.ExitCode, Is.Not.Zero, result.ToString());
        Assert.That(result.StandardError, Does.Contain("pre-receive hook declined"));
        Assert.That((await Dokku.RunAsync($"ps:report {app}")).StandardOutput, Does.Contain("Deployed:                         false"));
    }

    static string GetRetiredId(IReadOnlyList<string> lines)
    {
        var line = lines.First(l => l.Contains("Found previous container(s) (", StringComparison.Ordinal));
        var start = line.IndexOf('(', StringComparison.Ordinal) + 1;
        start = line.IndexOf('(', start) + 1;
        return line[start..line.IndexOf(')', start)];
    }
}

[TestFixture]
public sealed class FromImageDeployTests : StandInTestBase
{
    [Test]
    public async Task ImageFromTheRegistryIsPulledAndDeployed()
    {
        var app = await CreateAppAsync();
        await RunOkAsync($"config:set --no-restart {app} 'GREETING=from the registry'");
        var local = await BuildAppImageAsync(app, "v1", "registry\n", servesGreeting: true);
        // Built on the developer's engine: the server's engine must pull it.
        var remote = await PushToRegistryAsync(local, app, "v1");

        var result = await Dokku.RunAsync($"git:from-image {app} {remote}");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.StandardOutputLines, Does.Contain("-----> Pulling image"));
            Assert.That(result.StandardError, Is.Empty);
            var url = DeployOutput.DeployedUrl(result.StandardOutputLines);
            Assert.That(await GetBodyAsync(url), Is.EqualTo("registry\n"));
            Assert.That(await GetBodyAsync(url, "/cgi-bin/greeting"), Is.EqualTo("from the registry"));
        }
    }

    [Test]
    public async Task SameImageAgainIsNoChangesUnlessForced()
    {
        var app = await CreateAppAsync();
        var image = await PushToRegistryAsync(await BuildAppImageAsync(app, "v1", "again\n"), app, "v1");
        Assert.That((await Dokku.RunAsync($"git:from-image {app} {image}")).ExitCode, Is.Zero);

        var again = await Dokku.RunAsync($"git:from-image {app} {image}");
        var forced = await Dokku.RunAsync($"git:from-image --force {app} {image}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(again.ExitCode, Is.EqualTo(1), again.ToString());
            Assert.That(again.StandardOutputLines, Does.Contain(" !     No changes detected, skipping git commit"));
            Assert.That(forced.ExitCode, Is.Zero, forced.ToString());
        }
    }
}
