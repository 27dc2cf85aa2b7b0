using System.Text;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Dokku;

public class DokkuClientTests
{
    private static readonly DokkuRemote Remote = new("dokku", "dokku.example", 22, "hello");

    private static (DokkuClient Client, FakeRemoteShell Shell, RecordingLog Log) Create(params string[] transcripts)
    {
        var shell = new FakeRemoteShell(transcripts.Select(Transcript.Load).ToArray());
        var log = new RecordingLog();
        return (new DokkuClient(shell, log, Remote), shell, log);
    }

    private static Task WriteBytes(Stream stream, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes("TAR"), cancellationToken).AsTask();

    [Test]
    public async Task Version_reads_the_number()
    {
        var (client, shell, _) = Create("version.txt");
        Assert.That(await client.VersionAsync(CancellationToken.None), Is.EqualTo("0.38.27"));
        Assert.That(shell.CommandLines, Is.EqualTo(new[] { "version" }));
    }

    [Test]
    public async Task Version_with_unexpected_output_is_DOKKU5010()
    {
        var (client, _, _) = Create("apps-list-json.txt");
        var error = await Fails(() => client.VersionAsync(CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo("DOKKU5010"));
    }

    [Test]
    public async Task App_exists()
    {
        var (client, shell, _) = Create("apps-exists-present.txt", "apps-exists-missing.txt");
        Assert.That(await client.AppExistsAsync("hello", CancellationToken.None), Is.True);
        Assert.That(await client.AppExistsAsync("nope", CancellationToken.None), Is.False);
        Assert.That(shell.CommandLines, Is.EqualTo(new[] { "apps:exists hello", "apps:exists nope" }));
    }

    [TestCase("ssh-failure.synthesized.txt", "DOKKU5004")]
    [TestCase("unknown-command.txt", "DOKKU5010")]
    [TestCase("apps-unlock.txt", "DOKKU5003")]
    public async Task App_exists_fails_with_a_code_on_other_exits(string transcript, string code)
    {
        var (client, _, _) = Create(transcript);
        var error = await Fails(() => client.AppExistsAsync("hello", CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo(code));
        Assert.That(error.Message, Does.Contain("dokku@dokku.example"));
    }

    [Test]
    public async Task A_bad_app_name_fails_before_anything_is_sent()
    {
        var (client, shell, _) = Create("apps-exists-present.txt");
        var error = await Fails(() => client.AppExistsAsync("My_App", CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo("DOKKU1005"));
        Assert.That(shell.CommandLines, Is.Empty);
    }

    [Test]
    public async Task Create_app_logs_dokku_lines()
    {
        var (client, shell, log) = Create("apps-create-new.txt");
        await client.CreateAppAsync("txapp", CancellationToken.None);
        Assert.That(shell.CommandLines, Is.EqualTo(new[] { "apps:create txapp" }));
        Assert.That(log.Steps, Does.Contain("  -----> Creating txapp..."), "Dokku's own steps show at normal verbosity");
        Assert.That(log.Details[0], Is.EqualTo("ssh dokku@dokku.example apps:create txapp"));
    }

    [Test]
    public async Task Create_app_treats_name_taken_as_created_meanwhile()
    {
        var (client, _, log) = Create("apps-create-duplicate.txt");
        await client.CreateAppAsync("txapp", CancellationToken.None);
        Assert.That(log.Details.Last(), Does.Contain("already exists"));
    }

    [Test]
    public async Task Create_app_refused_name_is_DOKKU5002_with_dokkus_rule()
    {
        var (client, _, _) = Create("apps-create-badname.txt");
        var error = await Fails(() => client.CreateAppAsync("hello", CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo("DOKKU5002"));
        Assert.That(error.Message, Does.Contain("App name must begin with lowercase alphanumeric character"));
    }

    [Test]
    public async Task Load_image_streams_the_tar_and_reports_the_url()
    {
        var (client, shell, log) = Create("loadimage-aspnet-app.stdout.txt");
        var result = await client.LoadImageAsync("hello", "hello:v1", WriteBytes, CancellationToken.None);
        Assert.That(result, Is.EqualTo(DeployResult.Deployed(result.Urls)));
        Assert.That(result.Outcome, Is.EqualTo(DeployOutcome.Deployed));
        Assert.That(result.Urls, Is.EqualTo(new[] { "http://vm:8080" }));
        Assert.That(shell.CommandLines, Is.EqualTo(new[] { "git:load-image hello hello:v1" }));
        Assert.That(Encoding.ASCII.GetString(shell.StdinReceived.Single()), Is.EqualTo("TAR"));
        Assert.That(log.Steps, Does.Contain("  =====> Application deployed:"));
        Assert.That(log.Details, Does.Contain("Sending build context to Docker daemon  2.048kB"), "\\r redraws cleaned for display");
        Assert.That(log.Steps, Has.All.StartWith("  -----> ").Or.StartWith("  =====> ").Or.StartWith("   !     "), "only Dokku's step, header and error lines are steps");
    }

    [Test]
    public async Task Load_image_logs_each_line_as_it_arrives()
    {
        var (client, shell, log) = Create("loadimage-first-deploy.stdout.txt");
        var seen = new List<int>();
        shell.AfterEachLine = _ => seen.Add(log.Details.Count + log.Steps.Count);
        await client.LoadImageAsync("app1", "example/app1:v1", WriteBytes, CancellationToken.None);
        // One command line logged first, then exactly one more message per line, before the next line arrives.
        Assert.That(seen, Is.EqualTo(Enumerable.Range(2, seen.Count)));
    }

    [Test]
    public async Task Load_image_of_a_locked_app_that_deploys_is_deployed()
    {
        var (client, _, _) = Create("apps-locked-loadimage.txt");
        var result = await client.LoadImageAsync("hello", "hello:v2", WriteBytes, CancellationToken.None);
        Assert.That(result.Urls, Is.EqualTo(new[] { "http://vm:8080" }));
    }

    [Test]
    public async Task A_failed_deploy_whose_only_error_lines_are_routine_warnings_is_not_blamed_on_them()
    {
        var (client, _, _) = Create("loadimage-failed-after-warnings.synthesized.txt");
        var error = await Fails(() => client.LoadImageAsync("hello", "hello:v5", WriteBytes, CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo("DOKKU5008"));
        Assert.That(error.Message, Does.Not.Contain("No healthchecks found").And.Not.Contain("No web listeners"));
        Assert.That(error.Message, Does.Contain("Configuring hello.dokku.example"), "the lines around the failure");
        Assert.That(error.Message, Does.Contain("ssh dokku@dokku.example trace:on"));
    }

    [Test]
    public async Task A_failed_deploy_with_an_error_quotes_it_and_not_the_warnings_before_it()
    {
        var recorded = Transcript.Load("loadimage-failed-after-warnings.synthesized.txt");
        var shell = new FakeRemoteShell(recorded.WithMoreLines(stdout: [" !     nginx: configuration test failed"]));
        var client = new DokkuClient(shell, new RecordingLog(), Remote);
        var error = await Fails(() => client.LoadImageAsync("hello", "hello:v5", WriteBytes, CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo("DOKKU5008"));
        Assert.That(error.Message, Does.Contain("nginx: configuration test failed").And.Not.Contain("No healthchecks found"));
        Assert.That(error.Message, Does.Not.Contain("trace:on"));
    }

    [Test]
    public async Task An_app_seen_a_moment_ago_and_then_called_missing_is_a_server_contradiction_not_advice_to_create_it()
    {
        var (client, _, _) = Create("apps-exists-present.txt", "loadimage-missing-app.txt");
        Assert.That(await client.AppExistsAsync("nope", CancellationToken.None), Is.True);
        var error = await Fails(() => client.LoadImageAsync("nope", "hello:v1", WriteBytes, CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo("DOKKU5012"));
        Assert.That(error.Message, Does.Contain("existed earlier in this deploy").And.Contain("report nope").And.Not.Contain("DokkuCreateApp"));
    }

    [Test]
    public async Task An_app_created_in_this_deploy_and_then_called_missing_says_it_was_created()
    {
        var (client, _, _) = Create("apps-create-new.txt", "loadimage-missing-app.txt");
        await client.CreateAppAsync("nope", CancellationToken.None);
        var error = await Fails(() => client.LoadImageAsync("nope", "hello:v1", WriteBytes, CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo("DOKKU5012"));
        Assert.That(error.Message, Does.Contain("was created earlier in this deploy").And.Contain("trace:on"));
    }

    [Test]
    public async Task Load_image_of_the_same_image_is_no_changes_not_an_error()
    {
        var (client, _, _) = Create("loadimage-same-image.txt");
        var result = await client.LoadImageAsync("hello", "hello:v3", WriteBytes, CancellationToken.None);
        Assert.That(result.Outcome, Is.EqualTo(DeployOutcome.NoChanges));
        Assert.That(result.Urls, Is.Empty);
    }

    [Test]
    public async Task Load_image_into_a_missing_app_says_how_to_create_it()
    {
        var (client, _, _) = Create("loadimage-missing-app.txt");
        var error = await Fails(() => client.LoadImageAsync("nope", "hello:v1", WriteBytes, CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo("DOKKU5001"));
        Assert.That(error.Message, Does.StartWith("App 'nope' does not exist on dokku@dokku.example."));
        Assert.That(error.Message, Does.Contain("`ssh dokku@dokku.example apps:create nope`").And.Contain("DokkuCreateApp=true"));
        Assert.That(error.StackTrace, Is.Not.Null, "thrown, not returned");
        Assert.That(error.InnerException, Is.Null);
    }

    [Test]
    public async Task Missing_app_message_names_the_port_when_not_22()
    {
        var shell = new FakeRemoteShell(Transcript.Load("loadimage-missing-app.txt"));
        var client = new DokkuClient(shell, new RecordingLog(), new DokkuRemote("dokku", "127.0.0.1", 3022, "x"));
        var error = await Fails(() => client.LoadImageAsync("nope", "img", WriteBytes, CancellationToken.None));
        Assert.That(error.Message, Does.Contain("`ssh -p 3022 dokku@127.0.0.1 apps:create nope`"));
    }

    [Test]
    public async Task Load_image_with_failed_checks_is_DOKKU5006_with_dokkus_lines()
    {
        var (client, _, _) = Create("loadimage-failed-checks.synthesized.txt");
        var error = await Fails(() => client.LoadImageAsync("hello", "hello:v4", WriteBytes, CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo("DOKKU5006"));
        Assert.That(error.Message, Does.Contain("Could not start due to 1 failed checks (web.1)"));
    }

    [Test]
    public async Task Load_image_of_a_broken_tar_is_DOKKU5007()
    {
        var (client, _, _) = Create("loadimage-garbage.txt");
        var error = await Fails(() => client.LoadImageAsync("hello", "hello:v1", WriteBytes, CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo("DOKKU5007"));
        Assert.That(error.Message, Does.Contain("Error processing tar file(exit status 1): unexpected EOF"));
    }

    [Test]
    public async Task Load_image_on_an_old_dokku_is_DOKKU5005()
    {
        var (client, _, _) = Create("unknown-command.txt");
        var error = await Fails(() => client.LoadImageAsync("hello", "hello:v1", WriteBytes, CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo("DOKKU5005"));
        Assert.That(error.Message, Does.Contain("0.30.0"));
    }

    [Test]
    public async Task Load_image_ssh_failure_is_DOKKU5004()
    {
        var (client, _, _) = Create("ssh-failure.synthesized.txt");
        var error = await Fails(() => client.LoadImageAsync("hello", "hello:v1", WriteBytes, CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo("DOKKU5004"));
    }

    [Test]
    public async Task Load_image_other_failure_is_DOKKU5008_with_the_exit_code()
    {
        var (client, _, _) = Create("apps-destroy-noforce.txt");
        var error = await Fails(() => client.LoadImageAsync("hello", "hello:v1", WriteBytes, CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo("DOKKU5008"));
        Assert.That(error.Message, Does.Contain("exit code 1").And.Contain("Potentially Destructive Action"));
    }

    [Test]
    public async Task Load_image_refuses_an_image_reference_dokku_would_split()
    {
        var (client, shell, _) = Create("loadimage-aspnet-app.stdout.txt");
        var error = await Fails(() => client.LoadImageAsync("hello", "hello v1", WriteBytes, CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo("DOKKU1007"));
        Assert.That(shell.CommandLines, Is.Empty);
    }

    [Test]
    public async Task From_image_deploys_without_stdin()
    {
        var (client, shell, _) = Create("loadimage-first-deploy.stdout.txt", "loadimage-same-image.txt");
        var result = await client.FromImageAsync("app1", "127.0.0.1:5000/example/app1:v1", CancellationToken.None);
        Assert.That(result.Urls, Is.EqualTo(new[] { "http://vm:35739" }));
        Assert.That(shell.CommandLines[0], Is.EqualTo("git:from-image app1 127.0.0.1:5000/example/app1:v1"));
        Assert.That(shell.StdinReceived, Is.Empty);
        Assert.That((await client.FromImageAsync("app1", "img:1", CancellationToken.None)).Outcome, Is.EqualTo(DeployOutcome.NoChanges));
    }

    [Test]
    public async Task From_image_on_an_old_dokku_names_its_minimum_version()
    {
        var (client, _, _) = Create("unknown-command.txt");
        var error = await Fails(() => client.FromImageAsync("hello", "img:1", CancellationToken.None));
        Assert.That(error.Message, Does.Contain("0.24.0"));
    }

    [Test]
    public async Task Ps_report_returns_the_text()
    {
        var (client, shell, _) = Create("ps-report.txt");
        var report = await client.PsReportAsync("hello", CancellationToken.None);
        Assert.That(report, Does.StartWith("=====> hello ps information").And.Contain("Running:                          true"));
        Assert.That(shell.CommandLines, Is.EqualTo(new[] { "ps:report hello" }));
    }

    [Test]
    public async Task Ps_report_of_a_missing_app_is_DOKKU5001()
    {
        var (client, _, _) = Create("apps-exists-missing.txt");
        Assert.That((await Fails(() => client.PsReportAsync("nope", CancellationToken.None))).Code, Is.EqualTo("DOKKU5001"));
    }

    [Test]
    public async Task Cancellation_passes_through()
    {
        var shell = new CancellingShell();
        var client = new DokkuClient(shell, new RecordingLog(), Remote);
        await Assert.CatchAsync<OperationCanceledException>(() => client.VersionAsync(new CancellationToken(canceled: true)));
    }

    private static async Task<DeployException> Fails(Func<Task> action) =>
        (await Assert.ThrowsAsync<DeployException>(async () => await action()))!;

    private sealed class CancellingShell : DokkuDeploy.Core.Ssh.IRemoteShell
    {
        public Task<int> RunAsync(string commandLine, Func<Stream, CancellationToken, Task>? writeStdin, Action<string> onStdoutLine,
            Action<string> onStderrLine, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(0);
        }
    }
}
