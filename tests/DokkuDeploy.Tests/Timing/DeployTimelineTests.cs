using DokkuDeploy.Core.Timing;
using DokkuDeploy.Tests.Dokku;

namespace DokkuDeploy.Tests.Timing;

// An ActivityListener is process-wide: these tests start and stop the only one.
[NonParallelizable]
public sealed class DeployTimelineTests
{
    [Test]
    public async Task Every_span_is_printed_in_start_order_nested_under_its_caller_then_the_totals_by_kind()
    {
        var log = new RecordingLog();
        using (var timeline = DeployTimeline.Start("deploy"))
        {
            using (DeployTrace.Span("ssh login dokku@box:22"))
            {
                await Task.Delay(20);
            }

            using (DeployTrace.Span("release dokku@box:hello"))
            {
                using (DeployTrace.Span("dokku apps:exists hello"))
                {
                    await Task.Delay(10);
                }

                using (DeployTrace.Span("dokku git:load-image hello hello:latest"))
                {
                    await Task.Delay(10);
                }
            }

            timeline.Print(log);
        }

        var lines = log.Steps;
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.Match(@"^Timeline \(DokkuTimings=true\): \d+\.\d{3} s in all, 4 steps"));
            Assert.That(lines[1], Does.Match(@"^  \+ *\d+\.\d{3} s +\d+\.\d{3} s  ssh login dokku@box:22$"));
            Assert.That(lines[2], Does.EndWith("  release dokku@box:hello"));
            Assert.That(lines[3], Does.EndWith("    dokku apps:exists hello"), "nested under the release");
            Assert.That(lines[4], Does.EndWith("    dokku git:load-image hello hello:latest"));
            Assert.That(lines, Has.Some.Match(@"^  dokku: 2 step\(s\), \d+\.\d{3} s in all$"));
            Assert.That(lines, Has.Some.Match(@"^  ssh: 1 step\(s\), \d+\.\d{3} s in all$"));
        });
    }

    [Test]
    public async Task Another_deploy_in_the_same_process_is_not_in_this_timeline()
    {
        var log = new RecordingLog();
        using var timeline = DeployTimeline.Start("deploy");
        // Another deploy of the same MSBuild node: its own trace, started outside this one's flow.
        await Task.Run(() =>
        {
            System.Diagnostics.Activity.Current = null;
            using var other = DeployTrace.Span("dokku apps:exists someone-else");
        });
        using (DeployTrace.Span("dokku apps:exists mine"))
        {
        }

        timeline.Print(log);
        Assert.Multiple(() =>
        {
            Assert.That(log.Steps, Has.Some.EndsWith("dokku apps:exists mine"));
            Assert.That(log.Steps, Has.None.Contains("someone-else"));
        });
    }

    [Test]
    public void Without_a_timeline_a_span_costs_nothing_and_is_null()
    {
        Assert.That(DeployTrace.Span("dokku apps:list"), Is.Null);
    }
}
