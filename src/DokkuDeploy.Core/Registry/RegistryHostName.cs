namespace DokkuDeploy.Core.Registry;

/// <summary>
/// The host part of a key in config.json, as the docker CLI compares them: "https://host:port/v1/",
/// "http://host" and "host" all name host (Docker Hub's keys all name docker.io).
/// </summary>
static class RegistryHostName
{
    public static string Of(string key)
    {
        var text = key.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text[(scheme + 3)..];
        }

        var slash = text.IndexOf('/');
        if (slash >= 0)
        {
            text = text[..slash];
        }

        text = text.ToLowerInvariant();
        return text is "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com" ? RegistryLocation.DockerHub : text;
    }
}
