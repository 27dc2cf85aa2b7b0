using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Timing;

/// <summary>
/// DokkuTimings=true: every span of this deploy, printed at its end (also when it failed) in the order
/// they started, with the offset from the start and the time each took, nested by what called what, then
/// the time in each kind (Dokku commands, SSH logins, the engine). Only this deploy's spans: other
/// deploys in the same MSBuild node run in other traces.
/// </summary>
public sealed class DeployTimeline : IDisposable
{
    readonly ActivityListener listener;
    readonly ConcurrentQueue<Activity> finished = new();
    readonly Activity? outer;
    readonly Activity root;

    DeployTimeline(string name)
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DeployTrace.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Collect,
        };
        ActivitySource.AddActivityListener(listener);
        // A root of its own, whatever span the caller is in: its trace id is this deploy's.
        outer = Activity.Current;
        Activity.Current = null;
        root = DeployTrace.Source.StartActivity(name) ?? throw new InvalidOperationException("the timeline's own listener samples every span");
    }

    public static DeployTimeline Start(string name) => new(name);

    void Collect(Activity activity)
    {
        if (root is not null && activity != root && activity.TraceId == root.TraceId)
        {
            finished.Enqueue(activity);
        }
    }

    /// <summary>Ends the timeline and prints it: one line a span, then the totals by kind (spans of one kind can
    /// overlap: servers are released in parallel).</summary>
    public void Print(IDeployLog log)
    {
        root.Stop();
        var spans = finished.OrderBy(a => a.StartTimeUtc).ToList();
        var depths = new Dictionary<ActivitySpanId, int> { [root.SpanId] = 0 };
        log.Step($"Timeline (DokkuTimings=true): {Seconds(root.Duration)} in all, {spans.Count} steps; offset from the start, time taken, step");
        foreach (var span in spans)
        {
            var depth = depths.GetValueOrDefault(span.ParentSpanId, 0) + 1;
            depths[span.SpanId] = depth;
            var offset = span.StartTimeUtc - root.StartTimeUtc;
            log.Step($"  +{Seconds(offset),8} {Seconds(span.Duration),8}  {new string(' ', 2 * (depth - 1))}{span.DisplayName}");
        }

        foreach (var kind in spans.GroupBy(Kind).OrderByDescending(g => g.Sum(s => s.Duration.Ticks)))
        {
            log.Step($"  {kind.Key}: {kind.Count()} step(s), {Seconds(TimeSpan.FromTicks(kind.Sum(s => s.Duration.Ticks)))} in all");
        }
    }

    /// <summary>A span's kind is its first word: "dokku", "ssh", "docker", "wait", "check".</summary>
    static string Kind(Activity span) => span.DisplayName.Split(' ', 2)[0];

    static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

    public void Dispose()
    {
        root.Dispose();
        listener.Dispose();
        Activity.Current = outer;
    }
}
