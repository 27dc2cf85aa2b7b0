using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Docker;

/// <summary>
/// Finds the Docker engine in the docker CLI's order, then Podman's:
/// 1. DOCKER_HOST (with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH for tcp://);
/// 2. DOCKER_CONTEXT, else config.json's currentContext (DOCKER_CONFIG, else ~/.docker), with the context's TLS files;
/// 3. /var/run/docker.sock when it exists;
/// 4. Podman's socket: $XDG_RUNTIME_DIR/podman/podman.sock (rootless), then /run/podman/podman.sock.
/// The environment and the existence check are injected, so the order is testable without those files.
/// </summary>
public sealed class DockerEndpointResolver(Func<string, string?> environment, Func<string, bool> fileExists)
{
    public const string DefaultSocket = "/var/run/docker.sock";
    public const string RootfulPodmanSocket = "/run/podman/podman.sock";
    const string DefaultContext = "default";

    public DockerEndpoint Resolve()
    {
        var host = Variable("DOCKER_HOST");
        if (host is not null)
        {
            return FromDockerHost(host);
        }

        var configuration = DockerCliConfiguration.FromEnvironment(environment);
        var contextName = Variable("DOCKER_CONTEXT");
        if (contextName is not null && contextName != DefaultContext)
        {
            return FromContext(configuration.ReadContext(contextName, "DOCKER_CONTEXT"), $"context '{contextName}' (DOCKER_CONTEXT)");
        }

        if (contextName is null && configuration.CurrentContext() is { } current && current != DefaultContext)
        {
            var namedBy = $"currentContext in {configuration.ConfigFile}";
            return FromContext(configuration.ReadContext(current, namedBy), $"context '{current}' ({namedBy})");
        }

        return LocalSocket();
    }

    string? Variable(string name) => environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    DockerEndpoint FromDockerHost(string host)
    {
        var uri = Parse(host, "DOCKER_HOST");
        var endpoint = new DockerEndpoint(uri, "DOCKER_HOST");
        if (!IsTcp(uri))
        {
            return endpoint;
        }

        // Like the docker CLI, any non-empty DOCKER_TLS_VERIFY turns verification on (even "0"): the safe reading.
        if (Variable("DOCKER_TLS_VERIFY") is not null)
        {
            var certPath = Variable("DOCKER_CERT_PATH") ?? DockerCliConfiguration.FromEnvironment(environment).Directory;
            var source = Variable("DOCKER_CERT_PATH") is null
                ? $"DOCKER_TLS_VERIFY, certificates from {certPath} (DOCKER_CERT_PATH is not set)"
                : "DOCKER_TLS_VERIFY and DOCKER_CERT_PATH";
            var tls = new DockerTls(DockerTlsVerification.CertificateAuthority,
                Required(certPath, "ca.pem", "CA certificate", source),
                Required(certPath, "cert.pem", "client certificate", source),
                Required(certPath, "key.pem", "client key", source),
                source);
            return endpoint with { Tls = tls };
        }

        if (Variable("DOCKER_TLS") is not null)
        {
            throw DeployErrors.DockerTlsWithoutVerification("DOCKER_HOST with DOCKER_TLS");
        }

        return uri.Scheme == "https"
            ? endpoint with { Tls = new DockerTls(DockerTlsVerification.SystemStore, null, null, null, "an https:// DOCKER_HOST") }
            : endpoint;
    }

    string Required(string directory, string file, string role, string source)
    {
        var path = Path.Combine(directory, file);
        return fileExists(path) ? path : throw DeployErrors.DockerTlsFileMissing(path, role, source);
    }

    DockerEndpoint FromContext(DockerContextEndpoint context, string source)
    {
        var uri = Parse(context.Host, $"The Docker host of context '{context.Name}'");
        var endpoint = new DockerEndpoint(uri, source);
        var hasTlsFiles = context.CaPath is not null || context.CertPath is not null || context.KeyPath is not null;
        if (!IsTcp(uri) || !(hasTlsFiles || context.SkipTlsVerify || uri.Scheme == "https"))
        {
            return endpoint;
        }

        var tlsSource = $"context '{context.Name}', TLS files in {context.TlsDirectory}";
        if (context.CertPath is null != context.KeyPath is null)
        {
            var (missing, role) = context.CertPath is null ? ("cert.pem", "client certificate") : ("key.pem", "client key");
            throw DeployErrors.DockerTlsFileMissing(Path.Combine(context.TlsDirectory, missing), role, tlsSource);
        }

        var verification = context.SkipTlsVerify ? DockerTlsVerification.None
            : context.CaPath is not null ? DockerTlsVerification.CertificateAuthority
            : DockerTlsVerification.SystemStore;
        return endpoint with { Tls = new DockerTls(verification, context.CaPath, context.CertPath, context.KeyPath, tlsSource) };
    }

    DockerEndpoint LocalSocket()
    {
        if (OperatingSystem.IsWindows())
        {
            return new DockerEndpoint(new Uri("npipe://./pipe/docker_engine"), "default named pipe");
        }

        var candidates = new List<(string Path, string Source)> { (DefaultSocket, "default socket") };
        if (Variable("XDG_RUNTIME_DIR") is { } runtime)
        {
            candidates.Add((Path.Combine(runtime, "podman", "podman.sock"),
                $"Podman socket in XDG_RUNTIME_DIR, as {DefaultSocket} does not exist"));
        }

        candidates.Add((RootfulPodmanSocket, $"Podman socket, as {DefaultSocket} does not exist"));
        foreach (var (path, source) in candidates)
        {
            if (fileExists(path))
            {
                return new DockerEndpoint(new Uri("unix://" + path), source);
            }
        }

        throw DeployErrors.DockerEngineNotFound(string.Join(", ", candidates.Select(c => c.Path)));
    }

    static bool IsTcp(Uri uri) => uri.Scheme is "tcp" or "http" or "https";

    static Uri Parse(string text, string source)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("unix" or "tcp" or "http" or "https" or "npipe" or "ssh"))
        {
            throw DeployErrors.DockerHostInvalid(text, source);
        }

        if (uri.Scheme == "ssh")
        {
            throw DeployErrors.DockerHostOverSshUnsupported(text, source);
        }

        return uri;
    }
}
