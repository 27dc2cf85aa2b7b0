using System.Diagnostics;
using System.Text.Json;
using DokkuDeploy.Core.Operate;
using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// Two deploys of one app at once, and an app someone locked: Dokku 0.38 refuses a deploy that meets a running
/// one and ignores apps:lock; DokkuDeploy waits for both, within DokkuLockTimeout.
/// </summary>
public sealed class DeployLockTests : SampleAppTest
{
    async Task<IReadOnlyList<string>> RecordedImagesAsync()
    {
        var export = await new StandInShell(testBed).RunAsync($"config:export --format json {app}");
        Assert.That(export.ExitCode, Is.Zero, export.ToString());
        var config = JsonSerializer.Deserialize<Dictionary<string, string>>(export.StandardOutput)!;
        return ReleaseRecords.Read(config, out _).Select(r => r.Release.Image).ToList();
    }

    static bool Waited(ProcessResult result) =>
        result.StandardOutput.Contains("Waiting for the deploy lock of", StringComparison.Ordinal)
        || result.StandardOutput.Contains("Dokku refused to deploy", StringComparison.Ordinal);

    [Test]
    public async Task Two_deploys_of_one_app_at_once_both_succeed_one_after_the_other_and_both_are_recorded()
    {
        var first = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        using var laptop = await SampleWorkspace.CreateAsync();
        workspace.ReplaceInProgram("Hello from HelloDokku!", "Hello from CI!");
        await workspace.CommitAllAsync("CI's change");
        laptop.ReplaceInProgram("Hello from HelloDokku!", "Hello from a laptop!");
        await laptop.CommitAllAsync("The laptop's change");

        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(
            DeployRun.PublishAsync(workspace, testBed, app),
            laptop.DotnetAsync(DeployRun.Arguments(testBed, app), DeployRun.Environment(testBed, laptop.Root)));
        TestContext.Out.WriteLine($"two deploys at once: {clock.Elapsed.TotalSeconds:0.0} s");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Select(r => r.ExitCode), Is.All.Zero, string.Join("\n\n", results.Select(r => r.ToString())));
            Assert.That(results.Count(Waited), Is.GreaterThanOrEqualTo(1), "one of them met the other's lock and said it waits");
            Assert.That(results.Select(r => r.StandardOutput), Has.None.Contains("error DOKKU"));
        }

        var images = await RecordedImagesAsync();
        Assert.That(images.Distinct().Count(), Is.EqualTo(3), "the first release and both of the deploys at once: " + string.Join(", ", images));
        var answer = await DeployRun.GetAsync(DeployRun.AppUrl(results[0]));
        Assert.That(answer, Is.EqualTo("Hello from CI!").Or.EqualTo("Hello from a laptop!"));
    }

    [Test]
    public async Task A_stale_apps_lock_makes_the_deploy_wait_then_fail_with_DOKKU5018_within_DokkuLockTimeout()
    {
        var first = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        var url = DeployRun.AppUrl(first);
        var locked = await new StandInShell(testBed).RunAsync($"apps:lock {app}");
        Assert.That(locked.ExitCode, Is.Zero, locked.ToString());
        workspace.ReplaceInProgram("Hello from HelloDokku!", "Never released");
        await workspace.CommitAllAsync("A change that must wait");

        var timeout = TimeSpan.FromSeconds(12);
        var second = await DeployRun.PublishAsync(workspace, testBed, app, $"-p:DokkuLockTimeout={timeout.TotalSeconds}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.ExitCode, Is.Not.Zero);
            Assert.That(DeployRun.ErrorCodes(second), Is.EqualTo(new[] { "DOKKU5018" }), second.ToString());
            Assert.That(second.StandardOutput, Does.Contain($"apps:unlock {app}"));
            var waits = second.StandardOutput.Split('\n').Count(l => l.Contains($"Waiting for the deploy lock of '{app}'", StringComparison.Ordinal));
            Assert.That(waits, Is.InRange(1, 3), "a line every 10 s of the 12 s waited, not one per question");
            Assert.That(second.StandardOutput, Does.Not.Contain("Sending "), "nothing was sent");
        }

        Assert.That(await DeployRun.GetAsync(url), Is.EqualTo("Hello from HelloDokku!"), "the running release is untouched");
        Assert.That((await new StandInShell(testBed).RunAsync($"apps:report {app} --app-locked")).StandardOutput.Trim(), Is.EqualTo("true"));
    }

    /// <summary>A deploy that changes nothing has nothing to wait for: it does not even ask for the lock.</summary>
    [Test]
    public async Task A_deploy_that_changes_nothing_succeeds_at_once_while_the_app_is_locked()
    {
        var first = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        var locked = await new StandInShell(testBed).RunAsync($"apps:lock {app}");
        Assert.That(locked.ExitCode, Is.Zero, locked.ToString());
        try
        {
            var again = await DeployRun.PublishAsync(workspace, testBed, app, "-p:DokkuLockTimeout=0", "-p:DokkuTimings=true");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(again.ExitCode, Is.Zero, again.ToString());
                Assert.That(again.StandardOutput, Does.Contain("already runs this image"));
                Assert.That(Waited(again), Is.False, "nothing to wait for");
                Assert.That(again.StandardOutput, Does.Contain("Timeline (DokkuTimings=true)"));
                Assert.That(again.StandardOutput, Does.Not.Contain("--app-locked"), "the lock is not even asked for (DokkuLockTimeout=0 would fail at once)");
            }
        }
        finally
        {
            await new StandInShell(testBed).RunAsync($"apps:unlock {app}");
        }
    }
}
