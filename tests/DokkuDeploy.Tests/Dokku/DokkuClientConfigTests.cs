using System.Text;
using System.Text.Json;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Dokku;

/// <summary>
/// Config values go over config:import's stdin where the server has it, and with config:set --encoded (once
/// said, DOKKU5014) where it does not; either way no value reaches the log or an exception.
/// </summary>
public class DokkuClientConfigTests
{
    internal static readonly DokkuRemote Remote = new("dokku", "dokku.example", 22, "hello");

    internal const string ImportCommand = "--quiet config:import --no-restart --format json hello -";

    private static (DokkuClient Client, FakeRemoteShell Shell, RecordingLog Log) Create(params string[] transcripts)
    {
        var shell = new FakeRemoteShell(transcripts.Select(Transcript.Load).ToArray());
        var log = new RecordingLog();
        return (new DokkuClient(shell, log, Remote), shell, log);
    }

    [Test]
    public async Task Values_go_on_config_import_stdin_and_no_command_line_holds_one()
    {
        var (client, shell, log) = Create("config-import-quiet.synthesized.txt");
        var values = new Dictionary<string, string> { ["SECRET"] = "p@ss w0rd$", ["B"] = "it's \"quoted\" *\nline" };

        await client.SetConfigAsync("hello", values, restart: false, CancellationToken.None);

        Assert.That(shell.CommandLines, Is.EqualTo(new[] { ImportCommand }));
        var sent = JsonSerializer.Deserialize<Dictionary<string, string>>(shell.StdinReceived.Single());
        Assert.That(sent, Is.EqualTo(values));
        Assert.That(Encoding.UTF8.GetString(shell.StdinReceived.Single()), Does.StartWith("{\"B\":"), "keys in order");
        Assert.That(log.Details.Single(), Is.EqualTo($"ssh dokku@dokku.example {ImportCommand}   (values on stdin: B, SECRET)"));
        Assert.That(log.Warnings, Is.Empty);
    }

    [Test]
    public async Task What_import_prints_on_stdout_is_never_shown()
    {
        var (client, _, log) = Create("config-import.synthesized.txt");

        await client.SetConfigAsync("hello", new Dictionary<string, string> { ["SECRET"] = "p@ss w0rd$" }, restart: false, CancellationToken.None);

        Assert.That(log.Everything, Has.None.Contains("p@ss").And.None.Contains("Setting config vars"));
    }

    [Test]
    public async Task A_server_without_import_gets_config_set_encoded_said_once()
    {
        var (client, shell, log) = Create("config-import-unknown.synthesized.txt", "config-set-quiet.txt", "config-set-quiet.txt");

        await client.SetConfigAsync("hello", new Dictionary<string, string> { ["A"] = "1" }, restart: false, CancellationToken.None);
        await client.SetConfigAsync("hello", new Dictionary<string, string> { ["B"] = "2" }, restart: false, CancellationToken.None);

        Assert.That(shell.CommandLines, Is.EqualTo(new[]
        {
            ImportCommand,
            "--quiet config:set --encoded --no-restart hello A=" + Base64("1"),
            "--quiet config:set --encoded --no-restart hello B=" + Base64("2"),
        }), "probed once");
        var warning = log.Warnings.Single();
        Assert.That(warning.Code, Is.EqualTo("DOKKU5014"));
        Assert.That(warning.Message, Does.Contain("dokku@dokku.example").And.Contain("process list").And.Contain("0.37"));
    }

    [TestCase(" !     flag provided but not defined: no-restart")]
    [TestCase("unknown flag: --no-restart")]
    public async Task An_import_without_no_restart_is_not_used(string answer)
    {
        var refused = Transcript.Of("flag", 2, [], [answer]);
        var shell = new FakeRemoteShell(refused, Transcript.Load("config-set-quiet.txt"));
        var log = new RecordingLog();

        await new DokkuClient(shell, log, Remote).SetConfigAsync("hello", new Dictionary<string, string> { ["A"] = "1" }, restart: false, CancellationToken.None);

        Assert.That(shell.CommandLines[1], Does.StartWith("--quiet config:set --encoded --no-restart hello "));
        Assert.That(log.Warnings.Single().Message, Does.Contain("does not take `--no-restart --format json`"));
    }

    [Test]
    public async Task What_one_client_found_out_holds_for_every_client_of_the_run()
    {
        var features = new DokkuServerFeatures();
        var first = new FakeRemoteShell(Transcript.Load("config-import-unknown.synthesized.txt"), Transcript.Load("config-set-quiet.txt"));
        var second = new FakeRemoteShell(Transcript.Load("config-set-quiet.txt"));
        var otherServer = new FakeRemoteShell(Transcript.Load("config-import-quiet.synthesized.txt"));
        var log = new RecordingLog();
        var values = new Dictionary<string, string> { ["A"] = "1" };

        await new DokkuClient(first, log, Remote, features).SetConfigAsync("hello", values, restart: false, CancellationToken.None);
        await new DokkuClient(second, log, Remote, features).SetConfigAsync("hello", values, restart: false, CancellationToken.None);
        await new DokkuClient(otherServer, log, Remote with { Port = 2222 }, features).SetConfigAsync("hello", values, restart: false, CancellationToken.None);

        Assert.That(second.CommandLines.Single(), Does.StartWith("--quiet config:set"), "no second probe of the same server");
        Assert.That(otherServer.CommandLines.Single(), Is.EqualTo(ImportCommand), "another port is another server");
        Assert.That(log.Warnings, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_restart_after_import_is_ps_restart_and_nothing_is_sent_for_no_values()
    {
        var (client, shell, _) = Create("config-import-quiet.synthesized.txt", "config-set-quiet.txt");
        await client.SetConfigAsync("hello", new Dictionary<string, string>(), restart: true, CancellationToken.None);
        Assert.That(shell.CommandLines, Is.Empty);

        await client.SetConfigAsync("hello", new Dictionary<string, string> { ["A"] = "1" }, restart: true, CancellationToken.None);

        Assert.That(shell.CommandLines, Is.EqualTo(new[] { ImportCommand, "ps:restart hello" }));
    }

    [Test]
    public async Task Config_set_with_restart_omits_no_restart()
    {
        var (client, shell, _) = Create("config-import-unknown.synthesized.txt", "config-set-quiet.txt");
        await client.SetConfigAsync("hello", new Dictionary<string, string> { ["A"] = "1" }, restart: true, CancellationToken.None);
        Assert.That(shell.CommandLines.Last(), Is.EqualTo("--quiet config:set --encoded hello A=" + Base64("1")));
    }

    [TestCase("")]
    [TestCase("1A")]
    [TestCase("A-B")]
    [TestCase("A B")]
    [TestCase("A=B")]
    [TestCase("A.B")]
    [TestCase("A\nB")]
    [TestCase("A\0B")]
    public async Task Set_config_refuses_bad_names_before_sending(string key)
    {
        var (client, shell, _) = Create("config-import-quiet.synthesized.txt");
        var error = await Fails(() =>
            client.SetConfigAsync("hello", new Dictionary<string, string> { [key] = "v" }, restart: false, CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo("DOKKU1006"));
        Assert.That(shell.CommandLines, Is.Empty);
    }

    [TestCase("config-set-missing-app.txt", "DOKKU5001")]
    [TestCase("config-import-badjson.synthesized.txt", "DOKKU5009")]
    [TestCase("ssh-failure.synthesized.txt", "DOKKU5004")]
    public async Task Import_failures_are_coded(string transcript, string code)
    {
        var (client, _, _) = Create(transcript);
        var error = await Fails(() =>
            client.SetConfigAsync("nope", new Dictionary<string, string> { ["A"] = "hello world" }, restart: false, CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo(code));
        Assert.That(error.Message, Does.Not.Contain("hello world"));
    }

    [TestCase("config-set-missing-app.txt", "DOKKU5001")]
    [TestCase("config-set-norestart.txt", "DOKKU5009")]
    [TestCase("ssh-failure.synthesized.txt", "DOKKU5004")]
    public async Task Config_set_failures_are_coded(string transcript, string code)
    {
        var (client, _, _) = Create("config-import-unknown.synthesized.txt", transcript);
        var error = await Fails(() =>
            client.SetConfigAsync("nope", new Dictionary<string, string> { ["A"] = "hello world" }, restart: false, CancellationToken.None));
        Assert.That(error.Code, Is.EqualTo(code));
        Assert.That(error.Message, Does.Not.Contain("hello world"));
    }

    internal static async Task<DeployException> Fails(Func<Task> action) =>
        (await Assert.ThrowsAsync<DeployException>(async () => await action()))!;

    internal static string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
}
