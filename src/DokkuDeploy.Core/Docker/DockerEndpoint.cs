using Docker.DotNet;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Docker;

/// <summary>Which Docker engine we talk to, and why that one (for messages that name it).</summary>
public sealed record DockerEndpoint(Uri Uri, string Source)
{
    public override string ToString() => $"{Uri} (from {Source})";

    /// <summary>
    /// Resolves the engine the docker CLI would use: DOCKER_HOST, then DOCKER_CONTEXT or the current
    /// context in ~/.docker/config.json, then the platform's default socket.
    /// </summary>
    public static DockerEndpoint Resolve(Func<string, string?> environment)
    {
        var host = environment("DOCKER_HOST");
        if (!string.IsNullOrWhiteSpace(host))
        {
            return Checked(host.Trim(), "DOCKER_HOST");
        }

        var contextName = environment("DOCKER_CONTEXT")?.Trim();
        if (!string.IsNullOrEmpty(contextName))
        {
            // A context the user named must exist: falling back to the default engine would build elsewhere.
            try
            {
                return Checked(DockerConfig.Instance.GetEndpoint(contextName).ToString(), $"DOCKER_CONTEXT '{contextName}'");
            }
            catch (Exception e) when (e is DockerConfigurationException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                throw DeployErrors.DockerContextNotFound(contextName, e.Message, e);
            }
        }

        try
        {
            var config = DockerConfig.Instance;

            if (config.Exists)
            {
                var endpoint = config.GetEndpoint();
                if (endpoint is not null && endpoint != DefaultUri)
                {
                    return new DockerEndpoint(endpoint, $"the current docker context in {config.FullName}");
                }
            }
        }
        catch (Exception e) when (e is DockerConfigurationException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            // An unreadable CLI config must not stop a user with a working default socket.
        }

        return new DockerEndpoint(DefaultUri, "the default socket");
    }

    static DockerEndpoint Checked(string text, string source)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp" or "http" or "https" or "npipe" or "ssh"))
        {
            throw DeployErrors.DockerHostInvalid(text, source);
        }

        if (uri.Scheme == "ssh")
        {
            throw DeployErrors.DockerHostOverSshUnsupported(text, source);
        }

        return new DockerEndpoint(uri, source);
    }

    static Uri DefaultUri => OperatingSystem.IsWindows()
        ? new Uri("npipe://./pipe/docker_engine")
        : new Uri("unix:///var/run/docker.sock");
}
