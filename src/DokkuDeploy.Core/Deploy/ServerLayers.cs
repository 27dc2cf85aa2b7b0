using System.Text.Json;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Dokku;

namespace DokkuDeploy.Core.Deploy;

/// <summary>The layers (bottom first) of the image one app of a server got from this machine.</summary>
public sealed record ServerLayerStack(string App, IReadOnlyList<ImageLayer> Layers, DateTimeOffset At);

/// <summary>
/// What a server holds is a fact about its engine, not about one app: docker load finds a layer by its chain,
/// whichever image brought it. So the second app deployed to a server that already runs a .NET app sends only
/// its own layers, even on its first deploy. Keeps the last image of each app deployed from this machine, per
/// server (user, host, port: as <see cref="ServerPlatformCache"/>). A stale entry (the server pruned those images)
/// costs one full resend, which then replaces the entry; a lost file costs only thin transfers.
/// </summary>
public sealed class ServerLayers(string directory)
{
    /// <summary>Enough for a server's apps; the oldest go first.</summary>
    internal const int MaxStacks = 32;

    readonly UserCacheFiles files = new(directory, ".json");

    public static ServerLayers ForUser(Func<string, string?> environment) =>
        new(UserCacheFiles.FolderForUser(environment, "server-layers"));

    public IReadOnlyList<ServerLayerStack> Find(DokkuRemote remote)
    {
        try
        {
            return files.Read(Key(remote)) is { } json ? JsonSerializer.Deserialize<List<ServerLayerStack>>(json) ?? [] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The layers the server holds that make the longest common base with the image's layers.</summary>
    public IReadOnlyList<ImageLayer> BestBaseFor(DokkuRemote remote, IReadOnlyList<string> imageLayers, IReadOnlyList<ImageLayer> appsOwn)
    {
        var best = CommonBase(appsOwn, imageLayers);
        foreach (var stack in Find(remote))
        {
            var common = CommonBase(stack.Layers, imageLayers);
            if (common.Count > best.Count)
            {
                best = common;
            }
        }

        return best;
    }

    public void Record(DokkuRemote remote, IReadOnlyList<ImageLayer> layers, DateTimeOffset at)
    {
        var stacks = Find(remote).Where(s => s.App != remote.App).ToList();
        stacks.Add(new ServerLayerStack(remote.App, layers, at));
        files.Write(Key(remote), JsonSerializer.Serialize(stacks.OrderByDescending(s => s.At).Take(MaxStacks).ToList()));
    }

    /// <summary>The server turned out not to hold what we remembered: start again from what deploys give it.</summary>
    public void Forget(DokkuRemote remote) => files.Delete(Key(remote));

    /// <summary>
    /// docker load finds a layer by its chain (the layer and every layer below it), not by its own
    /// digest: a layer can be left out only where the whole stack beneath it is the same too.
    /// </summary>
    internal static IReadOnlyList<ImageLayer> CommonBase(IReadOnlyList<ImageLayer> held, IReadOnlyList<string> imageLayers)
    {
        var common = new List<ImageLayer>();
        for (var i = 0; i < Math.Min(held.Count, imageLayers.Count) && held[i].DiffId == imageLayers[i]; i++)
        {
            common.Add(held[i]);
        }

        return common;
    }

    static string Key(DokkuRemote remote) => $"{remote.User}@{remote.Host}:{remote.Port}";
}
