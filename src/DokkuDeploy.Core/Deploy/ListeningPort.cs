using System.Globalization;
using DokkuDeploy.Core.Docker;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// The port the app listens on inside its container, and what says so: DokkuContainerPort when set, else
/// what an ASP.NET Core image is told (ASPNETCORE_URLS wins over ASPNETCORE_HTTP_PORTS, as in Kestrel),
/// else the port it EXPOSEs, else 5000, the PORT Dokku gives an app by default.
/// </summary>
public sealed record ListeningPort(int Port, string Evidence)
{
    public const int DokkuDefault = 5000;

    public static ListeningPort Of(ImageInfo image, int? configured)
    {
        if (configured is { } port)
        {
            return new ListeningPort(port, $"DokkuContainerPort={port}");
        }

        var environment = image.Environment
            .Select(e => e.Split('=', 2))
            .Where(kv => kv.Length == 2 && kv[1].Trim().Length > 0)
            .GroupBy(kv => kv[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.Ordinal);
        if (environment.TryGetValue("ASPNETCORE_URLS", out var urls) && FirstHttpUrlPort(urls) is { } fromUrls)
        {
            return new ListeningPort(fromUrls, $"the image sets ASPNETCORE_URLS={urls}");
        }

        if (environment.TryGetValue("ASPNETCORE_HTTP_PORTS", out var ports) && FirstPort(ports) is { } fromPorts)
        {
            return new ListeningPort(fromPorts, $"the image sets ASPNETCORE_HTTP_PORTS={ports}");
        }

        if (image.ExposedTcpPorts.Count > 0)
        {
            return new ListeningPort(image.ExposedTcpPorts[0], $"the image EXPOSEs {string.Join(" ", image.ExposedTcpPorts)}");
        }

        return new ListeningPort(DokkuDefault, "the image EXPOSEs no port, so the app is expected on PORT (5000)");
    }

    /// <summary>"http://+:8080;https://+:8443" → 8080; an http URL without a port listens on 80.</summary>
    static int? FirstHttpUrlPort(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // Kestrel's wildcard hosts (+, *) are not URI hosts: read the port by hand.
            var authority = url["http://".Length..].Split('/')[0];
            var colon = authority.LastIndexOf(':');
            if (colon < 0 || authority.EndsWith(']'))
            {
                return 80;
            }

            return FirstPort(authority[(colon + 1)..]);
        }

        return null;
    }

    static int? FirstPort(string list) =>
        list.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536 ? port : (int?)null)
            .FirstOrDefault();
}
