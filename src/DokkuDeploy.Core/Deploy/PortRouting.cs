using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// Makes the app answer on port 80 whatever port its image listens on. Dokku routes an app with no map of
/// its own by the image: http:80:5000 when it EXPOSEs nothing, else each EXPOSEd port N as http:N:N
/// (docs/networking/port-management.md), so an image on 8080 would land on :8080, and one that listens
/// on 8080 without EXPOSE would not answer at all. Then, and only when the app has no map of its own,
/// this sets http:80:PORT before the release. A map the user set is never changed, only checked.
/// </summary>
sealed class PortRouting(DokkuClient dokku, IDeployLog log, string sshCommand)
{
    /// <summary>The map the app had before this deploy changed it, or null when nothing changed.</summary>
    public async Task<PortChange?> ApplyAsync(string app, bool appExists, ImageInfo image, int? configuredPort, string? setting, CancellationToken cancellationToken)
    {
        if (NeedsNoCommand(image, configuredPort, setting))
        {
            return null;
        }

        var wanted = Requested(setting);
        var listening = ListeningPort.Of(image, configuredPort);
        wanted ??= [new PortMapping("http", 80, listening.Port)];
        var detected = PortMapping.DetectedFrom(image.ExposedTcpPorts);
        var explicitlyRequested = !string.IsNullOrWhiteSpace(setting);

        var own = appExists ? await dokku.PortMapAsync(app, cancellationToken).ConfigureAwait(false) : [];
        if (own.Count > 0 && !explicitlyRequested)
        {
            if (!own.Any(m => m.ContainerPort == listening.Port))
            {
                log.Warning(DeployErrors.PortMapMissesWarning, DeployErrors.PortMapMisses(app, PortMapping.FormatMap(own), listening.Port, listening.Evidence, sshCommand));
            }

            return null;
        }

        if (SameMap(own.Count > 0 ? own : detected, wanted))
        {
            return null;
        }

        var map = PortMapping.FormatMap(wanted);
        log.Step(explicitlyRequested
            ? $"Setting the port map of '{app}' to {map} (DokkuPorts)"
            : $"Routing port 80 of '{app}' to its port {listening.Port} ({listening.Evidence}; Dokku alone would route {PortMapping.FormatMap(detected)}): ports:set {app} {map}");
        await dokku.SetPortsAsync(app, wanted, cancellationToken).ConfigureAwait(false);
        return new PortChange(own);
    }

    /// <summary>
    /// True when routing is off (DokkuPorts=false), or when Dokku routes this image right by itself (the generated
    /// Dockerfile's case) and no map was asked for: then nothing about ports is asked of the server or set.
    /// </summary>
    public static bool NeedsNoCommand(ImageInfo image, int? configuredPort, string? setting)
    {
        if (setting?.Trim() is { } off && off.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return string.IsNullOrWhiteSpace(setting)
            && SameMap(PortMapping.DetectedFrom(image.ExposedTcpPorts), [new PortMapping("http", 80, ListeningPort.Of(image, configuredPort).Port)]);
    }

    static bool SameMap(IReadOnlyList<PortMapping> a, IReadOnlyList<PortMapping> b) => PortMapping.FormatMap(a) == PortMapping.FormatMap(b);

    static IReadOnlyList<PortMapping>? Requested(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return null;
        }

        var words = setting.Split([' ', ';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var map = words.Select(PortMapping.TryParse).ToList();
        var bad = words.Where((_, i) => map[i] is null).ToList();
        return bad.Count == 0 ? map.OfType<PortMapping>().ToList() : throw DeployErrors.PortsSettingInvalid(setting, bad);
    }
}

/// <summary>The app's own port map before a deploy set a new one: empty when Dokku routed it by the image.</summary>
sealed record PortChange(IReadOnlyList<PortMapping> Before)
{
    public Task RevertAsync(DokkuClient dokku, string app, CancellationToken cancellationToken) =>
        Before.Count == 0 ? dokku.ClearPortsAsync(app, cancellationToken) : dokku.SetPortsAsync(app, Before, cancellationToken);
}
