using System.Text.RegularExpressions;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Registry;

/// <summary>
/// Where DokkuRegistry says to push: a registry host (with port) and an optional namespace,
/// e.g. <c>127.0.0.1:5001</c> or <c>registry.example.com/team</c>. A first part without a dot, a colon
/// or "localhost" is a Docker Hub namespace, as the docker CLI reads it (<c>myteam</c> is docker.io/myteam).
/// </summary>
public sealed partial record RegistryLocation(string Host, string? Namespace)
{
    public const string DockerHub = "docker.io";

    /// <summary>The key Docker Hub's credentials are stored under in config.json and credential helpers.</summary>
    public const string DockerHubServerAddress = "https://index.docker.io/v1/";

    /// <summary>The server name credentials are looked up under and logged in to.</summary>
    public string ServerAddress => Host == DockerHub ? DockerHubServerAddress : Host;

    public override string ToString() => Namespace is null ? Host : $"{Host}/{Namespace}";

    public static RegistryLocation Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim().TrimEnd('/');
        if (text.Length == 0)
        {
            throw DeployErrors.RegistryNameInvalid(value, "it is empty");
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            throw DeployErrors.RegistryNameInvalid(value,
                "a scheme does not belong in it (the Docker engine chooses HTTPS, or HTTP for registries it lists as insecure)");
        }

        var slash = text.IndexOf('/');
        var first = slash < 0 ? text : text[..slash];
        var rest = slash < 0 ? null : text[(slash + 1)..];
        if (!IsRegistryHost(first))
        {
            // Docker Hub: the whole value is the namespace.
            (first, rest) = (DockerHub, text);
        }
        else if (first is "index.docker.io" or "registry-1.docker.io" or "hub.docker.com")
        {
            first = DockerHub;
        }

        if (!HostPattern().IsMatch(first))
        {
            throw DeployErrors.RegistryNameInvalid(value, $"'{first}' is not a host name with an optional port");
        }

        if (rest is not null && !NamespacePattern().IsMatch(rest))
        {
            throw DeployErrors.RegistryNameInvalid(value,
                $"the namespace '{rest}' may hold only lowercase letters, digits, '.', '_', '-' and '/' between parts (no tag, no uppercase)");
        }

        return new RegistryLocation(first.ToLowerInvariant(), rest);
    }

    /// <summary>The docker CLI's rule: the first part names a registry when it has a dot or a port, or is localhost.</summary>
    static bool IsRegistryHost(string part) =>
        part.Contains('.', StringComparison.Ordinal) || part.Contains(':', StringComparison.Ordinal) || part == "localhost";

    [GeneratedRegex(@"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?))*(?::[0-9]{1,5})?$|^\[[0-9A-Fa-f:]+\](?::[0-9]{1,5})?$")]
    private static partial Regex HostPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex NamespacePattern();
}
