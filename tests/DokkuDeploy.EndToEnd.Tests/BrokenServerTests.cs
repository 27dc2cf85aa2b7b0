using System.Text.RegularExpressions;
using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// A broken Dokku server, as seen on a real 0.38: the stand-in misbehaves on request ($STATE/.faults/APP),
/// and the error points at the server, not at advice that cannot help. The first deploy creates the app,
/// so "create the app" would be wrong; a deploy that dies after routine warnings must not quote them as
/// its cause.
/// </summary>
public sealed partial class BrokenServerTests : SampleAppTest
{
    void InjectFault(string fault)
    {
        var faults = Path.Combine(testBed.State, ".faults");
        Directory.CreateDirectory(faults);
        File.WriteAllText(Path.Combine(faults, app), fault + "\n");
    }

    [TearDown]
    public void RemoveFault() => File.Delete(Path.Combine(testBed.State, ".faults", app));

    static string ErrorLine(ProcessResult result, string code)
    {
        var line = result.StandardOutput.Split('\n').FirstOrDefault(l => l.Contains($"error {code}:", StringComparison.Ordinal));
        Assert.That(line, Is.Not.Null, $"no {code} in:\n{result}");
        return line!;
    }

    [Test]
    public async Task An_app_called_missing_right_after_it_was_created_is_the_server_contradicting_itself()
    {
        InjectFault("app-missing-on-load");

        var result = await DeployRun.PublishAsync(workspace, testBed, app);

        Assert.That(result.ExitCode, Is.Not.Zero, result.ToString());
        Assert.That(result.StandardOutput, Does.Contain($"Creating app '{app}'"));
        Assert.That(DeployRun.ErrorCodes(result), Is.EqualTo(new[] { "DOKKU5012" }), result.ToString());
        var error = ErrorLine(result, "DOKKU5012");
        Assert.That(error, Does.Contain("contradicts itself").And.Contain("report " + app).And.Contain("trace:on"));
        Assert.That(error, Does.Not.Contain("DokkuCreateApp"), "the setting is on and the app was just created: no such advice");
    }

    [Test]
    public async Task A_deploy_that_dies_after_routine_warnings_does_not_quote_them_as_the_cause()
    {
        InjectFault("fail-after-warnings");

        var result = await DeployRun.PublishAsync(workspace, testBed, app);

        Assert.That(DeployRun.ErrorCodes(result), Is.EqualTo(new[] { "DOKKU5008" }), result.ToString());
        var error = ErrorLine(result, "DOKKU5008");
        Assert.That(error, Does.Contain("without an error message").And.Contain("trace:on"));
        var quoted = Quoted().Match(error);
        Assert.That(error, Does.Contain("are not the cause"));
        Assert.That(quoted.Success ? quoted.Groups[1].Value : error, Does.Not.StartWith("No healthchecks found"),
            "a routine warning is not offered as the reason");
    }

    [GeneratedRegex(@"\): (.*?)\. Read")]
    private static partial Regex Quoted();
}
