using System.Collections.Concurrent;
using LibGit2Sharp;

namespace DokkuDeploy.Core.Git;

/// <summary>
/// The one piece of process-wide state the git method needs, because libgit2 forces it: a transport is
/// registered per URL scheme for the whole process, and LibGit2Sharp creates each subtransport with
/// <c>new()</c>, so a push cannot hand its own SSH channel to the transport directly. Each push instead
/// gets a URL with a fresh route id as its host (dokkudeploy-ssh://ROUTE/APP), and the transport looks
/// the channel up by that id. Routes are removed when their push ends, so concurrent pushes never meet.
/// The scheme is our own rather than "ssh": taking over ssh:// would change every other libgit2 user in
/// the process (another MSBuild task, say).
/// </summary>
internal static class PushRoutes
{
    public const string Scheme = "dokkudeploy-ssh";

    private static readonly ConcurrentDictionary<string, ReceivePackRoute> Routes = new(StringComparer.Ordinal);
    private static readonly Lazy<SmartSubtransportRegistration<DokkuSshSubtransport>> Registration =
        new(() => GlobalSettings.RegisterSmartSubtransport<DokkuSshSubtransport>(Scheme), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Makes the channel reachable under a new URL until the returned handle is disposed.</summary>
    public static RouteHandle Add(ReceivePackRoute route, string app)
    {
        _ = Registration.Value;
        var id = "route-" + Guid.NewGuid().ToString("N");
        Routes[id] = route;
        return new RouteHandle(id, $"{Scheme}://{id}/{app}");
    }

    public static ReceivePackRoute Find(string url)
    {
        var id = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "";
        return Routes.TryGetValue(id, out var route)
            ? route
            : throw new LibGit2SharpException($"No push is in progress for {url}.");
    }

    public sealed class RouteHandle(string id, string url) : IDisposable
    {
        public string Url { get; } = url;

        public void Dispose() => Routes.TryRemove(id, out _);
    }
}
