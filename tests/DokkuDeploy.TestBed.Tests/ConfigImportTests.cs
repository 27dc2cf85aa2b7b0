using System.Text;
using System.Text.Json;
using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Testing;
using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>
/// config:import as the stand-in answers it (the synthesized transcripts the client is tested against), and a
/// deploy whose secret config goes over it: the app sees the value, and no command line on the server (what
/// `ps` shows its users) ever held it.
/// </summary>
[TestFixture]
public sealed class ConfigImportTests : StandInTestBase
{
    static byte[] Json(string json) => Encoding.UTF8.GetBytes(json + "\n");

    [Test]
    public async Task QuietImportPrintsNothing()
    {
        var app = await CreateAppAsync();
        var result = await Dokku.RunAsync($"--quiet config:import --no-restart --format json {app} -", Json("{\"SECRET\":\"p@ss w0rd$\"}"));
        var expected = ForApp(Transcript.Load("config-import-quiet.synthesized.txt"), "txapp", app);
        AssertMatches(expected, result.ExitCode, result.StandardOutputLines, result.StandardErrorLines, result.ToString());
    }

    [Test]
    public async Task ImportEchoesTheValuesAsConfigSetDoesUnlessQuiet()
    {
        var app = await CreateAppAsync();
        var result = await Dokku.RunAsync($"config:import --no-restart --format json {app} -", Json("{\"SECRET\":\"p@ss w0rd$\"}"));
        var expected = ForApp(Transcript.Load("config-import.synthesized.txt"), "txapp", app);
        AssertMatches(expected, result.ExitCode, result.StandardOutputLines, result.StandardErrorLines, result.ToString());
    }

    [TestCase("[\"a\"]")]
    [TestCase("{\"A\":1}")]
    [TestCase("not json")]
    public async Task AnythingButAnObjectOfStringsIsRefusedAndChangesNothing(string json)
    {
        var app = await CreateAppAsync();
        var result = await Dokku.RunAsync($"--quiet config:import --no-restart --format json {app} -", Json(json));
        var expected = ForApp(Transcript.Load("config-import-badjson.synthesized.txt"), "txapp", app);
        AssertMatches(expected, result.ExitCode, result.StandardOutputLines, result.StandardErrorLines, result.ToString());
        Assert.That((await RunOkAsync($"config:export --format json {app}")).StandardOutput, Is.EqualTo("{\"NO_VHOST\":\"1\"}\n"));
    }

    [Test]
    public async Task AMissingAppIsExit20AsForConfigSet()
    {
        var app = NewAppName();
        var result = await Dokku.RunAsync($"--quiet config:import --no-restart --format json {app} -", Json("{\"A\":\"1\"}"));
        var expected = ForApp(Transcript.Load("config-set-missing-app.txt"), "nope", app);
        AssertMatches(expected, result.ExitCode, result.StandardOutputLines, result.StandardErrorLines, result.ToString());
    }

    [Test]
    public async Task ImportMergesHardValuesExactlyAndKeepsOtherKeys()
    {
        var app = await CreateAppAsync();
        await RunOkAsync($"config:set --no-restart {app} KEEP=kept");
        var values = new Dictionary<string, string>
        {
            ["A"] = "hello world", ["B"] = "$HOME and ${PATH} * ?", ["C"] = "single ' double \" back\\slash", ["D"] = "multi\nline",
            ["E"] = "  padded  ", ["F"] = "ünïcødé ✓", ["G"] = "",
        };

        await RunOkAsync($"--quiet config:import --no-restart --format json {app} -", JsonSerializer.SerializeToUtf8Bytes(values));

        var export = JsonSerializer.Deserialize<Dictionary<string, string>>((await RunOkAsync($"config:export --format json {app}")).StandardOutput)!;
        Assert.That(export, Is.EquivalentTo(values.Append(KeyValuePair.Create("KEEP", "kept")).Append(KeyValuePair.Create("NO_VHOST", "1"))));
    }

    [Test]
    public async Task ADeploysSecretConfigGoesOverStdinTheAppSeesItAndNoProcessListHoldsIt()
    {
        var secret = "tb-canary-" + Guid.NewGuid().ToString("N")[..12] + " p@ss";
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "v1", "import\n", servesGreeting: true);
        var processList = Path.Combine(TestBed.State, ".process-list.log");
        var before = File.Exists(processList) ? new FileInfo(processList).Length : 0;
        var log = new RecordingLog();

        using (var watch = new CommandLineWatch(secret, base64))
        {
            await using (var shell = await ConnectAsync(log))
            {
                var dokku = new DokkuClient(shell, log, new DokkuRemote(TestBed.SshUser, TestBed.SshHost, TestBed.SshPort, app));
                var change = await ConfigUpdate.ApplyAsync(dokku, app, appExists: true,
                    new Dictionary<string, string> { ["GREETING"] = secret, ["PIN"] = "zq" }, log, CancellationToken.None);
                Assert.That(change.Added, Is.EquivalentTo(new[] { "GREETING", "PIN" }));
            }

            var deploy = await LoadImageAsync(app, image);
            Assert.That(deploy.ExitCode, Is.Zero, deploy.ToString());
            Assert.That(await GetBodyAsync(DeployOutput.DeployedUrl(deploy.StandardOutputLines), "/cgi-bin/greeting"), Is.EqualTo(secret));
            Assert.That(watch.Stop(), Is.Empty, "command lines on the server while the config was set and deployed");
        }

        var commands = ReadFrom(processList, before).Where(line => line.Contains(app, StringComparison.Ordinal)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(commands, Has.Some.Contains($"--quiet config:import --no-restart --format json {app} -"), "the stand-in recorded the import");
            Assert.That(commands, Has.None.Contains("config:set"));
            Assert.That(commands, Has.None.Contains(secret).And.None.Contains(base64).And.None.Contains("PIN=").And.None.Contains("zq"));
            Assert.That(log.Warnings, Is.Empty, "the stand-in has config:import: no DOKKU5014");
            Assert.That(log.Steps.Concat(log.Details), Has.None.Contains(secret).And.None.Contains(base64));
        }
    }

    static IEnumerable<string> ReadFrom(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').ToList();
    }
}
