using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using NUnit.Framework;
using static DokkuDeploy.Tests.Dokku.DokkuClientConfigTests;

namespace DokkuDeploy.Tests.Dokku;

/// <summary>
/// Whatever the server answers (success, failure, values echoed back in both streams as a restart's container
/// output might), no config value, long or short, reaches a log line or an exception: on the config:import path,
/// and on the config:set --encoded path of a server without it.
/// </summary>
public class ConfigCanaryTests
{
    private const string Canary = "CANARY-7f3a9c p@ss w0rd$ 'q' \"dq\" *";

    // Too short to mask everywhere: masked where it stands after its key.
    private const string ShortSecret = "zq";

    private static readonly string[] Answers =
    {
        "config-import-quiet.synthesized.txt", "config-import.synthesized.txt", "config-import-badjson.synthesized.txt",
        "config-set-quiet.txt", "config-set-encoded.txt", "config-set-missing-app.txt", "config-set-norestart.txt",
        "ssh-failure.synthesized.txt", "loadimage-failed-checks.synthesized.txt",
    };

    [TestCaseSource(nameof(Answers))]
    public Task Import_path(string transcript) => AssertNoLeakAsync(null, transcript);

    [TestCaseSource(nameof(Answers))]
    public Task Config_set_path(string transcript) => AssertNoLeakAsync("config-import-unknown.synthesized.txt", transcript);

    private static async Task AssertNoLeakAsync(string? probe, string transcript)
    {
        var recorded = Transcript.Load(transcript);
        var leaking = recorded.WithMoreLines(
            stdout: ["       SECRET: " + Canary, " !     Invalid env pair: " + Canary, "       " + Base64(Canary), "       PIN:  " + ShortSecret],
            stderr: [" !     " + Canary, " !     PIN=" + ShortSecret, " !     {\"PIN\":\"" + ShortSecret + "\"}"]);
        var answers = probe is null ? new[] { leaking } : new[] { Transcript.Load(probe), leaking };
        var shell = new FakeRemoteShell(answers);
        var log = new RecordingLog();
        var client = new DokkuClient(shell, log, Remote);
        DeployException? error = null;
        try
        {
            await client.SetConfigAsync("hello", new Dictionary<string, string> { ["SECRET"] = Canary, ["PIN"] = ShortSecret, ["OTHER"] = "x" },
                restart: false, CancellationToken.None);
        }
        catch (DeployException e)
        {
            error = e;
        }

        Assert.That(shell.CommandLines.Last(), probe is null ? Does.Not.Contain(Base64(Canary)) : Does.Contain("SECRET=" + Base64(Canary)));
        foreach (var text in log.Everything.Append(error?.Message ?? string.Empty).Append(error?.ToString() ?? string.Empty))
        {
            Assert.That(text, Does.Not.Contain("CANARY"));
            Assert.That(text, Does.Not.Contain(Base64(Canary)));
            Assert.That(text, Does.Not.Contain(ShortSecret));
        }

        Assert.That(error is null, Is.EqualTo(recorded.ExitCode == 0));
    }
}
