using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Dockerfiles;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// The platform one deploy builds for, and who said so: DokkuPlatform, else what every server's engine runs. The built
/// image must be for the servers' platform whenever they told it (DokkuPlatform included: a setting that disagrees with
/// the server is refused, not trusted), else for DokkuPlatform.
/// </summary>
/// <param name="Source">Says who expects the platform, to read before it: "dokku@host runs", "DokkuPlatform is".</param>
/// <param name="Server">The platform the servers' engines run, when they told it.</param>
/// <param name="ServerSource">Who said so, as <paramref name="Source"/>.</param>
public sealed record TargetPlatform(DockerPlatform Platform, string Source, DockerPlatform? Server = null, string? ServerSource = null)
{
    public const string SettingSource = "DokkuPlatform is";

    /// <summary>DokkuPlatform: null when unset; <see cref="DeployErrors.PlatformInvalid"/> when it names no platform.</summary>
    public static DockerPlatform? ParseSetting(string? value) =>
        Setting.OrNull(value) is not { } text ? null : DockerPlatform.TryParse(text) ?? throw DeployErrors.PlatformInvalid(text);

    /// <summary>
    /// The servers' platform, which must be one (<see cref="DeployErrors.ServerPlatformsDiffer"/>); DokkuPlatform, when set, is what is built for. A server
    /// whose platform is unknown gets warning <see cref="DeployErrors.ServerPlatformUnknownWarning"/> (unless DokkuPlatform says it) and is left out; with nothing
    /// known, null: the engine's own platform, unchecked.
    /// </summary>
    public static TargetPlatform? Choose(DockerPlatform? setting, IReadOnlyList<(DokkuRemote Remote, DockerPlatform? Platform)> servers, IDeployLog log)
    {
        if (setting is null)
        {
            foreach (var (remote, _) in servers.Where(s => s.Platform is null))
            {
                log.Warning(DeployErrors.ServerPlatformUnknownWarning, DeployErrors.ServerPlatformUnknown(remote.Server));
            }
        }

        var known = servers.Where(s => s.Platform is not null).ToList();
        if (known.Select(s => s.Platform!.ToString()).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw DeployErrors.ServerPlatformsDiffer(known.Select(s => $"{Label(s.Remote)} runs {s.Platform}").ToList());
        }

        var server = known.Count == 0 ? null : known[0].Platform;
        var serverSource = known.Count switch
        {
            0 => null,
            1 => $"{Label(known[0].Remote)} runs",
            _ => $"the {known.Count} servers run",
        };
        return setting is not null ? new TargetPlatform(setting, SettingSource, server, serverSource)
            : server is not null ? new TargetPlatform(server, serverSource!, server, serverSource)
            : null;
    }

    /// <summary>A RuntimeIdentifier's apphost and native files run on one architecture: it must be the target's (<see cref="DeployErrors.AppHostForOtherArchitecture"/>).</summary>
    public void CheckPublishedFor(AppShape? shape)
    {
        var rid = shape?.RuntimeIdentifier?.Trim() ?? "";
        if (!rid.StartsWith("linux-", StringComparison.OrdinalIgnoreCase))
        {
            // No RuntimeIdentifier (portable), or another OS: DeployErrors.AppHostNotForLinux says what is wrong with that.
            return;
        }

        var dash = rid.LastIndexOf('-');
        var architecture = rid[(dash + 1)..];
        if (!string.Equals(architecture, Platform.RuntimeIdentifierArchitecture, StringComparison.OrdinalIgnoreCase))
        {
            throw DeployErrors.AppHostForOtherArchitecture(rid, Platform.ToString(), Source, $"{rid[..dash]}-{Platform.RuntimeIdentifierArchitecture}");
        }
    }

    /// <summary>Before anything changes on a server: the built image must be for the servers' platform, else DokkuPlatform's (<see cref="DeployErrors.ImagePlatformMismatch"/>).</summary>
    public void CheckImage(string reference, ImageInfo image, bool ownDockerfile)
    {
        var expected = Server ?? Platform;
        if (image.Platform is { } built && !expected.Runs(built))
        {
            var fromSetting = Source == SettingSource && Server is not null && !Server.Runs(Platform);
            throw DeployErrors.ImagePlatformMismatch(
                reference, built.ToString(), expected.ToString(), Server is null ? Source : ServerSource!, ownDockerfile, fromSetting ? Platform.ToString() : null);
        }
    }

    static string Label(DokkuRemote remote) => remote.Port == DokkuRemote.DefaultPort ? remote.Server : $"{remote.Server}:{remote.Port}";
}
