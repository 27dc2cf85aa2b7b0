using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Operate;
using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>
/// The core's operate commands against the stand-in over real SSH: releases recorded in the app's
/// config on the server, rollbacks with git:from-image of an image the server still holds, logs,
/// status and config sync. One test at a time: each opens several SSH connections at once (OpenSSH
/// and SSH.NET), and sshd's MaxStartups (10 unauthenticated) drops connections beyond that.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class OperateTests : StandInTestBase
{
    readonly OperateLog log = new();

    OperateRequest RequestFor(string app) => new()
    {
        // Not a git repository: the remote comes from the setting alone.
        ProjectDirectory = Path.GetTempPath(),
        Remote = $"ssh://{TestBed.SshUser}@{TestBed.SshHost}:{TestBed.SshPort}/{app}",
        SshKeyFile = TestBed.SshKeyPath,
        KnownHostsFiles = [TestBed.KnownHostsPath],
    };

    AppOperator Operator => new(log, _ => null);

    /// <summary>Deploys VERSION of APP with git:load-image, as a deploy does, and records the release.</summary>
    async Task<string> ReleaseAsync(string app, string version, bool servesGreeting = false)
    {
        var image = await BuildAppImageAsync(app, version, $"{version}\n", servesGreeting: servesGreeting);
        var deploy = await LoadImageAsync(app, image);
        Assert.That(deploy.ExitCode, Is.Zero, deploy.ToString());
        await using var session = await DokkuSession.OpenAsync(RequestFor(app), _ => null, log, CancellationToken.None);
        await new ReleaseHistory(log).RecordAsync(session.Dokku, app, image, CancellationToken.None);
        return image;
    }

    async Task<string> ContainerIdAsync(string app) => (await RunOkAsync($"ps:report {app}")).StandardOutputLines.Single(l => l.Contains("Status web 1:"));

    [Test]
    public async Task Recording_a_release_neither_restarts_nor_redeploys_the_app()
    {
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "v1", "v1\n");
        Assert.That((await LoadImageAsync(app, image)).ExitCode, Is.Zero);
        var before = await ContainerIdAsync(app);

        await using (var session = await DokkuSession.OpenAsync(RequestFor(app), _ => null, log, CancellationToken.None))
        {
            await new ReleaseHistory(log).RecordAsync(session.Dokku, app, image, CancellationToken.None);
            await new ReleaseHistory(log).RecordAsync(session.Dokku, app, image, CancellationToken.None);
        }

        Assert.That(await ContainerIdAsync(app), Is.EqualTo(before), "the same container still runs");
        var config = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>((await RunOkAsync($"config:export --format json {app}")).StandardOutput)!;
        var recorded = ReleaseRecords.Read(config, out _);
        Assert.That(recorded.Select(r => r.Release.Image), Is.EqualTo(new[] { image }), "the same image twice is one release");
        Assert.That(config.Keys.Count(k => k.StartsWith(ReleaseRecords.KeyPrefix, StringComparison.Ordinal)), Is.EqualTo(1), "one config value per release");
        Assert.That(log.Warnings, Is.Empty);
    }

    [Test]
    public async Task Rollback_redeploys_the_previous_image_and_a_second_one_has_nothing_left()
    {
        var app = await CreateAppAsync();
        var v1 = await ReleaseAsync(app, "v1");
        await ReleaseAsync(app, "v2");

        var report = await Operator.RollBackAsync(RequestFor(app), to: null, CancellationToken.None);

        Assert.That(report.To.Image, Is.EqualTo(v1));
        Assert.That(report.AlreadyRunning, Is.False);
        Assert.That(await GetBodyAsync(new Uri(report.Url!)), Is.EqualTo("v1\n"));
        Assert.That((await RunOkAsync($"git:report {app}")).StandardOutput, Does.Contain($"Git source image:               {v1}"));
        Assert.That(log.Steps, Does.Contain("  -----> Image exists on host, skipping pull"), "the loaded image is used as it is");

        var again = Assert.CatchAsync<DeployException>(() => Operator.RollBackAsync(RequestFor(app), to: null, CancellationToken.None));
        Assert.That((await again)?.Code, Is.EqualTo("DOKKU8002"));
    }

    [Test]
    public async Task Rollback_to_a_tag_goes_back_several_releases()
    {
        var app = await CreateAppAsync();
        var v1 = await ReleaseAsync(app, "v1");
        await ReleaseAsync(app, "v2");
        await ReleaseAsync(app, "v3");

        var report = await Operator.RollBackAsync(RequestFor(app), to: "v1", CancellationToken.None);

        Assert.That(report.To.Image, Is.EqualTo(v1));
        Assert.That(await GetBodyAsync(new Uri(report.Url!)), Is.EqualTo("v1\n"));
        var status = await Operator.StatusAsync(RequestFor(app), CancellationToken.None);
        Assert.That(status.Releases.Select(r => r.Image), Is.EqualTo(new[] { v1 }), "the undone releases are dropped");
    }

    [Test]
    public async Task Rollback_to_an_unknown_tag_is_DOKKU8003_and_changes_nothing()
    {
        var app = await CreateAppAsync();
        await ReleaseAsync(app, "v1");
        await ReleaseAsync(app, "v2");

        var error = await Assert.CatchAsync<DeployException>(() => Operator.RollBackAsync(RequestFor(app), to: "v9", CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo("DOKKU8003"));
        Assert.That(error.Message, Does.Contain("v2, v1"));
    }

    [Test]
    public async Task Rollback_without_history_is_DOKKU8001()
    {
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "v1", "v1\n");
        Assert.That((await LoadImageAsync(app, image)).ExitCode, Is.Zero);

        var error = await Assert.CatchAsync<DeployException>(() => Operator.RollBackAsync(RequestFor(app), to: null, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo("DOKKU8001"));
    }

    [Test]
    public async Task Rollback_to_an_image_the_server_lost_is_DOKKU8004_and_the_app_keeps_running()
    {
        var app = await CreateAppAsync();
        var v1 = await ReleaseAsync(app, "v1");
        await ReleaseAsync(app, "v2");
        var url = (await RunOkAsync($"urls {app}")).StandardOutputLines.Single();
        await ServerDocker.RemoveImagesAsync([v1]);

        var error = await Assert.CatchAsync<DeployException>(() => Operator.RollBackAsync(RequestFor(app), to: null, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo("DOKKU8004"), error.Message);
        Assert.That(error.Message, Does.Contain(v1));
        Assert.That(await GetBodyAsync(new Uri(url)), Is.EqualTo("v2\n"));
    }

    [Test]
    public async Task Logs_show_the_apps_latest_lines()
    {
        var app = await CreateAppAsync();
        await ReleaseAsync(app, "v1");

        var shown = await Operator.LogsAsync(RequestFor(app), 5, CancellationToken.None);

        // Every line is shown as it arrives, after the step that announces them.
        var lines = log.Steps.SkipWhile(step => !step.StartsWith("Last 5 log lines of", StringComparison.Ordinal)).Skip(1).ToList();
        Assert.That(lines, Has.Some.Contains($"{app}[web.1]: starting httpd on 5000"));
        Assert.That(lines, Has.Count.EqualTo(shown).And.Count.LessThanOrEqualTo(5));
    }

    [Test]
    public async Task Logs_of_an_app_never_deployed_is_DOKKU8005()
    {
        var app = await CreateAppAsync();
        var error = await Assert.CatchAsync<DeployException>(() => Operator.LogsAsync(RequestFor(app), 5, CancellationToken.None));
        Assert.That(error!.Code, Is.EqualTo("DOKKU8005"));
    }

    [Test]
    public async Task Status_summarises_processes_image_releases_and_url()
    {
        var app = await CreateAppAsync();
        var v1 = await ReleaseAsync(app, "v1");
        var v2 = await ReleaseAsync(app, "v2");

        var status = await Operator.StatusAsync(RequestFor(app), CancellationToken.None);

        Assert.That(status.State, Is.EqualTo("running"));
        Assert.That(status.Processes.Statuses.Single().Process, Is.EqualTo("web.1"));
        Assert.That(status.Image, Is.EqualTo(v2));
        Assert.That(status.CurrentRelease?.Image, Is.EqualTo(v2));
        Assert.That(status.Releases.Select(r => r.Image), Is.EqualTo(new[] { v2, v1 }));
        Assert.That(await GetBodyAsync(new Uri(status.Url!)), Is.EqualTo("v2\n"));
        Assert.That(log.Steps, Has.Some.StartsWith($"App '{app}' on ").And.Contains(": running (1 process)"));
        Assert.That(log.Steps, Has.Some.Contains("Earlier releases (DokkuRollbackTo): v1 ("));
    }

    [Test]
    public async Task Status_of_an_app_never_deployed_says_so()
    {
        var app = await CreateAppAsync();
        var status = await Operator.StatusAsync(RequestFor(app), CancellationToken.None);
        Assert.That((status.State, status.Image, status.Url), Is.EqualTo(("not deployed", (string?)null, (string?)null)));
    }

    [Test]
    public async Task Config_sync_sets_only_changed_values_and_restarts_once()
    {
        var app = await CreateAppAsync();
        await ReleaseAsync(app, "v1", servesGreeting: true);
        var config = new Dictionary<string, string> { ["GREETING"] = "synced $HOME 'quoted'" };

        var changed = await Operator.SyncConfigAsync(RequestFor(app), config, CancellationToken.None);

        Assert.That(changed, Is.EqualTo(new[] { "GREETING" }));
        var url = (await RunOkAsync($"urls {app}")).StandardOutputLines.Single();
        Assert.That(await GetBodyAsync(new Uri(url), "/cgi-bin/greeting"), Is.EqualTo("synced $HOME 'quoted'"));
        Assert.That(log.Steps, Has.None.Contains("synced"), "values are never shown");

        var container = await ContainerIdAsync(app);
        var again = await Operator.SyncConfigAsync(RequestFor(app), config, CancellationToken.None);
        Assert.That(again, Is.Empty);
        Assert.That(await ContainerIdAsync(app), Is.EqualTo(container), "nothing changed, so no restart");
    }

    [Test]
    public async Task Config_sync_of_an_app_not_yet_deployed_only_sets_the_config()
    {
        var app = await CreateAppAsync();

        var changed = await Operator.SyncConfigAsync(RequestFor(app), new Dictionary<string, string> { ["A"] = "1" }, CancellationToken.None);

        Assert.That(changed, Is.EqualTo(new[] { "A" }));
        Assert.That((await RunOkAsync($"config:get {app} A")).StandardOutput, Is.EqualTo("1\n"));
    }

    sealed class OperateLog : IDeployLog
    {
        readonly List<string> steps = [];
        readonly List<string> details = [];
        readonly List<(string Code, string Message)> warnings = [];

        public IReadOnlyList<string> Steps { get { lock (steps) return steps.ToList(); } }
        public IReadOnlyList<(string Code, string Message)> Warnings { get { lock (warnings) return warnings.ToList(); } }
        public IEnumerable<string> Everything { get { lock (steps) lock (details) lock (warnings) return [.. steps, .. details, .. warnings.Select(w => w.Message)]; } }

        public void Step(string message) { lock (steps) steps.Add(message); TestContext.Progress.WriteLine(message); }
        public void Detail(string message) { lock (details) details.Add(message); }
        public void Warning(string code, string message) { lock (warnings) warnings.Add((code, message)); }
    }
}
