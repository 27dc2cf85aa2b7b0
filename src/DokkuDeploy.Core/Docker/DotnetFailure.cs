using System.Text.RegularExpressions;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Docker;

/// <summary>
/// Recognises the .NET SDK's own failures in the output of a Docker build that runs `dotnet restore` or
/// `dotnet publish` (the project's Dockerfile built here, or Dokku's build of a git push), where the
/// project's global.json and nuget.config travel with the source: an SDK pin the image's SDK does not
/// satisfy, package source mapping that keeps a package from every source, a local feed outside the image.
/// </summary>
static partial class DotnetFailure
{
    /// <param name="build">Who built, for the message: "The Docker build", "Dokku's build on example.com".</param>
    public static DeployException? Recognize(IEnumerable<string> output, string build)
    {
        var lines = output.ToList();
        foreach (var line in lines)
        {
            if (SdkPin().Match(line) is { Success: true } pin)
            {
                return DeployErrors.DotnetSdkNotFound(build, pin.Groups["version"].Value, pin.Groups["file"].Value.Trim());
            }
        }

        if (lines.Any(l => l.Contains("A compatible .NET SDK was not found", StringComparison.Ordinal)))
        {
            var version = lines.Select(l => RequestedVersion().Match(l)).FirstOrDefault(m => m.Success)?.Groups["version"].Value ?? "?";
            var file = lines.Select(l => GlobalJsonFile().Match(l)).FirstOrDefault(m => m.Success)?.Groups["file"].Value.Trim() ?? "global.json";
            return DeployErrors.DotnetSdkNotFound(build, version, file);
        }

        foreach (var line in lines)
        {
            if (UnmappedPackage().Match(line) is { Success: true } unmapped)
            {
                var sources = lines.Select(l => NotConsidered().Match(l)).FirstOrDefault(m => m.Success) is { } considered
                    ? considered.Groups["sources"].Value.Trim()
                    : "";
                if (sources.Length > 0 || line.Contains("PackageSourceMapping", StringComparison.Ordinal))
                {
                    return DeployErrors.PackageSourceMappingExcludes(build, unmapped.Groups["id"].Value, sources);
                }
            }
        }

        foreach (var line in lines)
        {
            if (MissingLocalSource().Match(line) is { Success: true } missing)
            {
                return DeployErrors.LocalPackageSourceMissing(build, missing.Groups["path"].Value);
            }
        }

        return null;
    }

    // "Install the [9.0.100] .NET SDK or update [/src/global.json] to match an installed SDK." (.NET 8+), and the
    // older "A compatible installed .NET SDK for global.json version [6.0.100] from [/src/global.json] was not found".
    [GeneratedRegex(@"Install the \[(?<version>[^\]]+)\] \.NET SDK or update \[(?<file>[^\]]+)\]|global\.json version \[(?<version>[^\]]+)\] from \[(?<file>[^\]]+)\] was not found")]
    private static partial Regex SdkPin();

    [GeneratedRegex(@"Requested SDK version: (?<version>\S+)")]
    private static partial Regex RequestedVersion();

    [GeneratedRegex(@"global\.json file: (?<file>.+)$")]
    private static partial Regex GlobalJsonFile();

    // NU1100: Unable to resolve 'DokkuDeploy (>= 0.1.0)' for 'net10.0'. / NU1101: Unable to find package DokkuDeploy. /
    // NU1102: Unable to find package DokkuDeploy with version (= 9.9.9)
    [GeneratedRegex(@"\bNU110[012]: Unable to (?:resolve '(?<id>[^' ]+)|find package (?<id>[^\s.]+(?:\.[^\s.]+)*?)(?:\.\s|\.$| with version))")]
    private static partial Regex UnmappedPackage();

    // "PackageSourceMapping is enabled, the following source(s) were not considered: local, nuget.org." (NU1100, NU1101)
    // and NU1102's "  - Versions from nuget.org were not considered".
    [GeneratedRegex(@"PackageSourceMapping is enabled, the following source\(s\) were not considered: (?<sources>.+?)\.?(?:\s+\[[^\]]*\])?\s*$|Versions from (?<sources>.+?) were not considered")]
    private static partial Regex NotConsidered();

    [GeneratedRegex(@"\bNU1301: The local source '(?<path>[^']+)' doesn't exist")]
    private static partial Regex MissingLocalSource();
}
