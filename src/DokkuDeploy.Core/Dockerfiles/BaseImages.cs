using System.Globalization;
using System.Text.RegularExpressions;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Dockerfiles;

/// <summary>
/// The official .NET images a published app runs on, picked as the .NET SDK's container tasks pick them
/// (ComputeDotnetBaseImageAndTag): runtime-deps for an app that brings its runtime (self-contained, AOT),
/// aspnet for one that references Microsoft.AspNetCore.App, runtime for the rest; the tag is the target
/// framework's major.minor, with -alpine for a linux-musl app. Chiseled images only when asked (DokkuBaseImage).
/// </summary>
public static partial class BaseImages
{
    private const string Registry = "mcr.microsoft.com/dotnet";

    /// <param name="targetFrameworkVersion">MSBuild's TargetFrameworkVersion, "10.0" or "v10.0".</param>
    /// <param name="isWebApp">ASP.NET Core apps need the aspnet image; others the smaller runtime image.</param>
    public static string DefaultFor(string targetFrameworkVersion, bool isWebApp) =>
        For(new AppShape { TargetFrameworkVersion = targetFrameworkVersion, IsAspNetCore = isWebApp });

    public static string For(AppShape shape)
    {
        var repository = shape.BringsRuntime ? "runtime-deps" : shape.IsAspNetCore ? "aspnet" : "runtime";
        var musl = shape.RuntimeIdentifier?.Trim().StartsWith("linux-musl-", StringComparison.OrdinalIgnoreCase) == true;
        return $"{Registry}/{repository}:{Tag(shape.TargetFrameworkVersion)}{(musl ? "-alpine" : "")}";
    }

    /// <summary>"10.0" for TargetFrameworkVersion "v10.0".</summary>
    public static string Tag(string targetFrameworkVersion)
    {
        var version = FrameworkVersion(targetFrameworkVersion) ?? throw DeployErrors.UnknownTargetFramework(targetFrameworkVersion);
        return string.Create(CultureInfo.InvariantCulture, $"{version.Major}.{Math.Max(version.Minor, 0)}");
    }

    public static Version? FrameworkVersion(string targetFrameworkVersion)
    {
        var text = targetFrameworkVersion.Trim().TrimStart('v', 'V');
        if (text.Length > 0 && !text.Contains('.'))
        {
            text += ".0";
        }

        return Version.TryParse(text, out var version) && version.Major >= 1 ? version : null;
    }

    /// <summary>
    /// The .NET version a runtime or aspnet image carries, read from its tag as the official images name it
    /// ("…/aspnet:8.0", "…/runtime:10.0-noble-chiseled"); null for an image that is not one of those.
    /// </summary>
    public static Version? RuntimeVersionOf(string image)
    {
        var match = RuntimeImageTag().Match(image);
        return match.Success
            ? new Version(int.Parse(match.Groups["major"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["minor"].Value, CultureInfo.InvariantCulture))
            : null;
    }

    [GeneratedRegex(@"/(aspnet|runtime):(?<major>\d+)\.(?<minor>\d+)(\b|$)", RegexOptions.CultureInvariant)]
    private static partial Regex RuntimeImageTag();
}
