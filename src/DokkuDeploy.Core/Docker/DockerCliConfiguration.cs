using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Docker;

/// <summary>
/// The docker CLI's configuration folder (DOCKER_CONFIG, else ~/.docker): config.json's currentContext and
/// the contexts the CLI stores under contexts/meta/SHA256(name)/meta.json and contexts/tls/SHA256(name)/docker/.
/// </summary>
public sealed class DockerCliConfiguration(string directory)
{
    public string Directory { get; } = directory;

    public string ConfigFile => Path.Combine(Directory, "config.json");

    public static DockerCliConfiguration FromEnvironment(Func<string, string?> environment)
    {
        var configured = environment("DOCKER_CONFIG");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new DockerCliConfiguration(configured.Trim());
        }

        var home = environment("HOME");
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return new DockerCliConfiguration(Path.Combine(home, ".docker"));
    }

    /// <summary>
    /// config.json's currentContext, or null. An unreadable config.json counts as none: it must not stop
    /// a user whose engine answers on the default socket.
    /// </summary>
    public string? CurrentContext()
    {
        try
        {
            if (!File.Exists(ConfigFile))
            {
                return null;
            }

            using var config = JsonDocument.Parse(File.ReadAllBytes(ConfigFile));
            return config.RootElement.ValueKind == JsonValueKind.Object
                && config.RootElement.TryGetProperty("currentContext", out var current)
                && current.ValueKind == JsonValueKind.String
                && current.GetString() is { Length: > 0 } name
                    ? name
                    : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The Docker endpoint of a context; <paramref name="namedBy"/> says who asked for it, for the error.</summary>
    public DockerContextEndpoint ReadContext(string name, string namedBy)
    {
        var id = ContextId(name);
        var metaFile = Path.Combine(Directory, "contexts", "meta", id, "meta.json");
        string? host;
        bool skipTlsVerify;
        try
        {
            using var meta = JsonDocument.Parse(File.ReadAllBytes(metaFile));
            if (!meta.RootElement.TryGetProperty("Endpoints", out var endpoints)
                || endpoints.ValueKind != JsonValueKind.Object
                || !endpoints.TryGetProperty("docker", out var docker)
                || docker.ValueKind != JsonValueKind.Object)
            {
                throw DeployErrors.DockerContextNotFound(name, namedBy, $"{metaFile} has no Docker endpoint");
            }

            host = docker.TryGetProperty("Host", out var hostElement) && hostElement.ValueKind == JsonValueKind.String ? hostElement.GetString() : null;
            skipTlsVerify = docker.TryGetProperty("SkipTLSVerify", out var skip) && skip.ValueKind == JsonValueKind.True;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw DeployErrors.DockerContextNotFound(name, namedBy, $"there is no {metaFile}", e);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw DeployErrors.DockerContextNotFound(name, namedBy, $"{metaFile}: {e.Message}", e);
        }

        if (string.IsNullOrWhiteSpace(host))
        {
            throw DeployErrors.DockerContextNotFound(name, namedBy, $"{metaFile} has no Docker host");
        }

        var tlsDirectory = Path.Combine(Directory, "contexts", "tls", id, "docker");
        return new DockerContextEndpoint(name, host.Trim(), skipTlsVerify,
            Existing(tlsDirectory, "ca.pem"), Existing(tlsDirectory, "cert.pem"), Existing(tlsDirectory, "key.pem"), tlsDirectory);
    }

    static string? Existing(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        return File.Exists(path) ? path : null;
    }

    /// <summary>The CLI stores a context under the hex SHA-256 of its name.</summary>
    public static string ContextId(string name) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name))).ToLowerInvariant();
}
