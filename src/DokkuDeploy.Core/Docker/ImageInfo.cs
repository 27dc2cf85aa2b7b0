namespace DokkuDeploy.Core.Docker;

/// <summary>What we need to know of a built image: its id (sha256:…) and its layers' diff ids, bottom first.</summary>
public sealed record ImageInfo(string Id, IReadOnlyList<string> Layers, long Size)
{
    /// <summary>The image's EXPOSEd tcp ports, ascending: Dokku routes by them.</summary>
    public IReadOnlyList<int> ExposedTcpPorts { get; init; } = [];

    /// <summary>The image's ENV, as KEY=VALUE: where ASP.NET Core images say which port they listen on.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>The platform the image was built for (linux/arm64); null when the engine did not say.</summary>
    public DockerPlatform? Platform { get; init; }
}
