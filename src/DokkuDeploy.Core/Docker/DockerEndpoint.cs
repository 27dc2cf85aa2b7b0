namespace DokkuDeploy.Core.Docker;

/// <summary>
/// Which Docker engine we talk to, why that one (<see cref="Source"/>: "DOCKER_HOST", "context 'x' (DOCKER_CONTEXT)",
/// "default socket", "Podman socket …") and, for a TLS endpoint, its certificate files.
/// </summary>
public sealed record DockerEndpoint(Uri Uri, string Source)
{
    public DockerTls? Tls { get; init; }

    public override string ToString() => $"{Uri} (from {Source})";

    /// <summary>For the log: the endpoint, where it came from, and how TLS is checked.</summary>
    public string Describe() => Tls is null ? ToString() : $"{this}, {Tls.Describe()}";

    /// <summary>
    /// Resolves the engine the docker CLI would use (see <see cref="DockerEndpointResolver"/>), reading the
    /// real file system.
    /// </summary>
    public static DockerEndpoint Resolve(Func<string, string?> environment) =>
        new DockerEndpointResolver(environment, File.Exists).Resolve();
}
