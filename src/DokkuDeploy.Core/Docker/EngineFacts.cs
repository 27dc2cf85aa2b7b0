using Docker.DotNet.Models;

namespace DokkuDeploy.Core.Docker;

/// <summary>What the engine said about itself when asked its version: enough to choose a builder.</summary>
public sealed record EngineFacts(string Version, string ApiVersion, string Os, string Architecture, bool IsPodman)
{
    public static EngineFacts From(VersionResponse version) => new(
        version.Version ?? "unknown",
        version.APIVersion ?? "unknown",
        string.IsNullOrEmpty(version.Os) ? "linux" : version.Os,
        version.Arch ?? "",
        IsPodmanEngine(version));

    public string Product => IsPodman ? "Podman" : "Docker";

    // Podman's Docker-compatible API names itself only in its components.
    static bool IsPodmanEngine(VersionResponse version) =>
        (version.Components ?? []).Any(c => c.Name?.Contains("Podman", StringComparison.OrdinalIgnoreCase) == true)
        || version.Platform?.Name?.Contains("Podman", StringComparison.OrdinalIgnoreCase) == true;
}
