using System.Text.RegularExpressions;

namespace DokkuDeploy.Core.Dockerfiles;

/// <summary>
/// Finds the health endpoint an ASP.NET Core app maps, so that Dokku can check it without the user
/// writing an app.json: app.MapHealthChecks("/healthz") or app.MapGet("/health", …).
/// </summary>
public static partial class HealthEndpoint
{
    const int MaxFiles = 2000;

    public static string? Detect(string projectDirectory)
    {
        var files = Directory.EnumerateFiles(projectDirectory, "*.cs", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Where(f => !IsBuildOutput(Path.GetRelativePath(projectDirectory, f)))
            .Take(MaxFiles);
        foreach (var file in files)
        {
            var match = Pattern().Match(File.ReadAllText(file));
            if (match.Success)
            {
                return match.Groups["path"].Value;
            }
        }

        return null;
    }

    static bool IsBuildOutput(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj";

    [GeneratedRegex(@"\.Map(?:HealthChecks|Get)\(\s*""(?<path>/(?:health|healthz|ready|readyz|alive)(?:/[\w-]*)*)""", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
