using System.Globalization;

namespace DokkuDeploy.Core.Dokku;

/// <summary>
/// One Dokku port mapping, scheme:host-port:container-port (http:80:5000): requests to the server's
/// host port reach the app's container on the container port.
/// </summary>
public sealed record PortMapping(string Scheme, int HostPort, int ContainerPort)
{
    static readonly string[] Schemes = ["http", "https", "grpc", "grpcs"];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Scheme}:{HostPort}:{ContainerPort}");

    public static PortMapping? TryParse(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 3 && Schemes.Contains(parts[0]) && Port(parts[1]) is { } host && Port(parts[2]) is { } container
            ? new PortMapping(parts[0], host, container)
            : null;
    }

    /// <summary>A map as Dokku prints it (ports:report): space-separated mappings. Words that are not mappings are left out.</summary>
    public static IReadOnlyList<PortMapping> ParseMap(string? text) =>
        (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(TryParse).OfType<PortMapping>().ToList();

    /// <summary>Dokku keeps a map sorted by its text.</summary>
    public static string FormatMap(IEnumerable<PortMapping> map) =>
        string.Join(" ", map.Select(m => m.ToString()).Order(StringComparer.Ordinal));

    /// <summary>
    /// The map Dokku gives an app whose own map is empty (plugins/ports, docs/networking/port-management.md):
    /// each EXPOSEd tcp port N as http:N:N, or http:80:5000 for an image that EXPOSEs nothing.
    /// </summary>
    public static IReadOnlyList<PortMapping> DetectedFrom(IReadOnlyList<int> exposedTcpPorts) =>
        exposedTcpPorts.Count == 0
            ? [new PortMapping("http", 80, 5000)]
            : exposedTcpPorts.Select(p => new PortMapping("http", p, p)).ToList();

    static int? Port(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : null;
}
