using System.Text;
using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Tests.Dokku;

namespace DokkuDeploy.Tests.Deploy;

/// <summary>
/// A deploy that fails after setting config puts back exactly what it changed: the values it replaced,
/// and no trace of the keys it added. (The fault tests show it end to end on the stand-in.)
/// </summary>
public sealed class ConfigChangeTests
{
    static readonly DokkuRemote Remote = new("dokku", "dokku.example", 22, "hello");

    static string Base64(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    [Test]
    public async Task A_change_records_what_it_replaced_and_added_and_reverting_sets_and_unsets_exactly_that()
    {
        // config:export holds C=1, NO_VHOST=1, SECRET=…; config:unset is as quiet as config:set under --quiet.
        var shell = new FakeRemoteShell(
            Transcript.Load("config-export.txt"), Transcript.Load("config-import-quiet.synthesized.txt"),
            Transcript.Load("config-import-quiet.synthesized.txt"), Transcript.Load("config-set-quiet.txt"));
        var log = new RecordingLog();
        var dokku = new DokkuClient(shell, log, Remote);
        var wanted = new Dictionary<string, string> { ["C"] = "2", ["NEW"] = "x", ["SECRET"] = "p@ss w0rd$" };

        var change = await ConfigUpdate.ApplyAsync(dokku, "hello", appExists: true, wanted, log, CancellationToken.None);

        Assert.That(change.Replaced, Is.EqualTo(new Dictionary<string, string> { ["C"] = "1" }), "SECRET was already right: not changed");
        Assert.That(change.Added, Is.EqualTo(new[] { "NEW" }));
        Assert.That(change.Keys, Is.EqualTo(new[] { "C", "NEW" }));

        await change.RevertAsync(dokku, "hello", CancellationToken.None);

        Assert.That(shell.CommandLines.Skip(2), Is.EqualTo(new[]
        {
            "--quiet config:import --no-restart --format json hello -",
            "--quiet config:unset --no-restart hello NEW",
        }), "the old value goes back over stdin too, never on a command line");
        Assert.That(Encoding.UTF8.GetString(shell.StdinReceived.Last()), Is.EqualTo("{\"C\":\"1\"}\n"));
        Assert.That(string.Join("\n", log.Details), Does.Not.Contain("C=1"), "the old value is a secret too");
    }

    [Test]
    public async Task On_a_server_without_import_reverting_uses_config_set_and_probes_no_more()
    {
        var shell = new FakeRemoteShell(
            Transcript.Load("config-export.txt"), Transcript.Load("config-import-unknown.synthesized.txt"), Transcript.Load("config-set-quiet.txt"),
            Transcript.Load("config-set-quiet.txt"), Transcript.Load("config-set-quiet.txt"));
        var log = new RecordingLog();
        var dokku = new DokkuClient(shell, log, Remote);

        var change = await ConfigUpdate.ApplyAsync(dokku, "hello", appExists: true, new Dictionary<string, string> { ["C"] = "2", ["NEW"] = "x" }, log, CancellationToken.None);
        await change.RevertAsync(new DokkuClient(shell, log, Remote, dokku.Features), "hello", CancellationToken.None);

        Assert.That(shell.CommandLines.Skip(3), Is.EqualTo(new[]
        {
            "--quiet config:set --encoded --no-restart hello C=" + Base64("1"),
            "--quiet config:unset --no-restart hello NEW",
        }));
        Assert.That(log.Warnings.Select(w => w.Code), Is.EqualTo(new[] { "DOKKU5014" }));
    }

    [Test]
    public async Task Config_for_a_new_app_is_all_added_and_reverting_unsets_it_all()
    {
        var shell = new FakeRemoteShell(Transcript.Load("config-import-quiet.synthesized.txt"), Transcript.Load("config-set-quiet.txt"));
        var dokku = new DokkuClient(shell, new RecordingLog(), Remote);

        var change = await ConfigUpdate.ApplyAsync(dokku, "hello", appExists: false, new Dictionary<string, string> { ["B"] = "1", ["A"] = "2" }, new RecordingLog(), CancellationToken.None);
        await change.RevertAsync(dokku, "hello", CancellationToken.None);

        Assert.That(change.Replaced, Is.Empty);
        Assert.That(shell.CommandLines.Last(), Is.EqualTo("--quiet config:unset --no-restart hello A B"), "no config:set of nothing");
    }

    [Test]
    public async Task Unchanged_config_is_no_change()
    {
        var shell = new FakeRemoteShell(Transcript.Load("config-export.txt"));
        var change = await ConfigUpdate.ApplyAsync(new DokkuClient(shell, new RecordingLog(), Remote), "hello", appExists: true,
            new Dictionary<string, string> { ["C"] = "1" }, new RecordingLog(), CancellationToken.None);

        Assert.That(change.IsEmpty, Is.True);
    }
}
