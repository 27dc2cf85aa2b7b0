using System.Globalization;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Dockerfiles;

/// <summary>The official .NET runtime images a published app runs on.</summary>
public static class BaseImages
{
    private const string Registry = "mcr.microsoft.com/dotnet";

    /// <param name="targetFrameworkVersion">MSBuild's TargetFrameworkVersion, "10.0" or "v10.0".</param>
    /// <param name="isWebApp">ASP.NET Core apps need the aspnet image; others the smaller runtime image.</param>
    public static string DefaultFor(string targetFrameworkVersion, bool isWebApp)
    {
        var text = targetFrameworkVersion.Trim().TrimStart('v', 'V');
        if (text.Length > 0 && !text.Contains('.'))
        {
            text += ".0";
        }

        if (!Version.TryParse(text, out var version) || version.Major < 1)
        {
            throw DeployErrors.UnknownTargetFramework(targetFrameworkVersion);
        }

        var tag = string.Create(CultureInfo.InvariantCulture, $"{version.Major}.{Math.Max(version.Minor, 0)}");
        return $"{Registry}/{(isWebApp ? "aspnet" : "runtime")}:{tag}";
    }
}
