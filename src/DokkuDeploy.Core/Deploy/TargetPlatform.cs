using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Dockerfiles;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// The platform one deploy builds for, and who said so: DokkuPlatform, else what every server's engine runs.
/// The same platform is what the built image must have before any server changes.
/// </summary>
/// <param name="Source">Says who expects the platform, to read before it: "dokku@host runs", "DokkuPlatform is".</param>
public sealed record TargetPlatform(DockerPlatform Platform, string Source)
{
    /// <summary>DokkuPlatform: null when unset; DOKKU1130 when it names no platform.</summary>
    public static DockerPlatform? ParseSetting(string? value) =>
        Setting.OrNull(value) is not { } text ? null : DockerPlatform.TryParse(text) ?? throw DeployErrors.PlatformInvalid(text);

    /// <summary>
    /// DokkuPlatform when set; else the servers' platform, which must be one (DOKKU1132). A server whose platform
    /// is unknown gets warning DOKKU1134 and is left out; with none known, null: the engine's own platform, unchecked.
    /// </summary>
    public static TargetPlatform? Choose(DockerPlatform? setting, IReadOnlyList<(DokkuRemote Remote, DockerPlatform? Platform)> servers, IDeployLog log)
    {
        if (setting is not null)
        {
            return new TargetPlatform(setting, "DokkuPlatform is");
        }

        foreach (var (remote, _) in servers.Where(s => s.Platform is null))
        {
            log.Warning(DeployErrors.ServerPlatformUnknownWarning, DeployErrors.ServerPlatformUnknown(remote.Server));
        }

        var known = servers.Where(s => s.Platform is not null).ToList();
        if (known.Count == 0)
        {
            return null;
        }

        if (known.Select(s => s.Platform!.ToString()).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw DeployErrors.ServerPlatformsDiffer(known.Select(s => $"{Label(s.Remote)} runs {s.Platform}").ToList());
        }

        return new TargetPlatform(known[0].Platform!, known.Count == 1 ? $"{Label(known[0].Remote)} runs" : $"the {known.Count} servers run");
    }

    /// <summary>A RuntimeIdentifier's apphost and native files run on one architecture: it must be the target's (DOKKU1133).</summary>
    public void CheckPublishedFor(AppShape? shape)
    {
        var rid = shape?.RuntimeIdentifier?.Trim() ?? "";
        if (!rid.StartsWith("linux-", StringComparison.OrdinalIgnoreCase))
        {
            // No RuntimeIdentifier (portable), or another OS: DOKKU1135 says what is wrong with that.
            return;
        }

        var dash = rid.LastIndexOf('-');
        var architecture = rid[(dash + 1)..];
        if (!string.Equals(architecture, Platform.RuntimeIdentifierArchitecture, StringComparison.OrdinalIgnoreCase))
        {
            throw DeployErrors.AppHostForOtherArchitecture(rid, Platform.ToString(), Source, $"{rid[..dash]}-{Platform.RuntimeIdentifierArchitecture}");
        }
    }

    /// <summary>Before anything changes on a server: the built image must be for the target (DOKKU1131).</summary>
    public void CheckImage(string reference, ImageInfo image, bool ownDockerfile)
    {
        if (image.Platform is { } built && !Platform.Runs(built))
        {
            throw DeployErrors.ImagePlatformMismatch(reference, built.ToString(), Platform.ToString(), Source, ownDockerfile);
        }
    }

    static string Label(DokkuRemote remote) => remote.Port == DokkuRemote.DefaultPort ? remote.Server : $"{remote.Server}:{remote.Port}";
}
