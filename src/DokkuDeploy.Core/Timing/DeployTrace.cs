using System.Diagnostics;

namespace DokkuDeploy.Core.Timing;

/// <summary>
/// The spans of a deploy (each Dokku command, the SSH logins, the engine calls, the waits) as .NET's own
/// <see cref="Activity"/>: free when nobody listens, printed by <see cref="DeployTimeline"/> with
/// DokkuTimings=true, and open to any OpenTelemetry listener of the source "DokkuDeploy".
/// </summary>
public static class DeployTrace
{
    public const string SourceName = "DokkuDeploy";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>A span for <paramref name="what"/> until disposed; null (and no cost) when nobody listens.</summary>
    public static Activity? Span(string what) => Source.StartActivity(what);
}
