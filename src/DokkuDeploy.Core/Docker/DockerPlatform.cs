using System.Text.RegularExpressions;

namespace DokkuDeploy.Core.Docker;

/// <summary>
/// An image platform as Docker names it: os/architecture[/variant] (linux/amd64, linux/arm64, linux/arm/v7).
/// Architectures are Go's names; a machine name as <c>uname -m</c> and <c>docker info</c> print it (x86_64,
/// aarch64) is translated, so one server reads the same whichever of them told.
/// </summary>
public sealed partial record DockerPlatform(string Os, string Architecture, string? Variant = null)
{
    public static readonly DockerPlatform LinuxAmd64 = new("linux", "amd64");

    public static readonly DockerPlatform LinuxArm64 = new("linux", "arm64");

    /// <summary>"linux/arm64", "linux/arm/v7", "linux/x86_64"; null when it is not os/arch[/variant].</summary>
    public static DockerPlatform? TryParse(string? text)
    {
        var match = PlatformPattern().Match(text?.Trim() ?? "");
        if (!match.Success)
        {
            return null;
        }

        var os = match.Groups["os"].Value.ToLowerInvariant();
        var machine = FromMachine(match.Groups["arch"].Value);
        var variant = match.Groups["variant"].Success ? match.Groups["variant"].Value.ToLowerInvariant() : null;
        if (machine is null)
        {
            return null;
        }

        return Normalize(new DockerPlatform(os, machine.Architecture, variant ?? machine.Variant));
    }

    /// <summary>A Linux machine name (<c>uname -m</c>, the Architecture of <c>docker info</c>), or Go's name for one.</summary>
    public static DockerPlatform? FromMachine(string? machine) => machine?.Trim().ToLowerInvariant() switch
    {
        "x86_64" or "amd64" or "x64" => LinuxAmd64,
        "aarch64" or "arm64" or "armv8l" or "armv8" => LinuxArm64,
        "armv7l" or "armv7" or "armhf" => new("linux", "arm", "v7"),
        "armv6l" or "armv6" => new("linux", "arm", "v6"),
        "arm" => new("linux", "arm"),
        "i386" or "i686" or "386" or "x86" => new("linux", "386"),
        "s390x" => new("linux", "s390x"),
        "ppc64le" => new("linux", "ppc64le"),
        "riscv64" => new("linux", "riscv64"),
        "loong64" or "loongarch64" => new("linux", "loong64"),
        _ => null,
    };

    /// <summary>The architecture part of a .NET RuntimeIdentifier for this platform (x64, arm64, arm, x86…).</summary>
    public string RuntimeIdentifierArchitecture => Architecture switch
    {
        "amd64" => "x64",
        "386" => "x86",
        _ => Architecture,
    };

    /// <summary>What an image built for <paramref name="image"/> needs of a server on this platform: same OS and architecture, and variant where both name one.</summary>
    public bool Runs(DockerPlatform image) =>
        string.Equals(Os, image.Os, StringComparison.Ordinal)
        && string.Equals(Architecture, image.Architecture, StringComparison.Ordinal)
        && (Variant is null || image.Variant is null || string.Equals(Variant, image.Variant, StringComparison.Ordinal));

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    // arm64's only variant is v8, which Docker leaves out.
    static DockerPlatform Normalize(DockerPlatform platform) =>
        platform is { Architecture: "arm64", Variant: "v8" } ? platform with { Variant = null } : platform;

    [GeneratedRegex(@"^(?<os>[A-Za-z]+)/(?<arch>[A-Za-z0-9_]+)(?:/(?<variant>v[0-9]+))?$")]
    private static partial Regex PlatformPattern();
}
