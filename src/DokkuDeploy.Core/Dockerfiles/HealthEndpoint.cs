using System.Text.RegularExpressions;

namespace DokkuDeploy.Core.Dockerfiles;

/// <summary>
/// Finds the health endpoint an ASP.NET Core app maps, so that Dokku can check it without the user
/// writing an app.json: app.MapHealthChecks("/healthz"), app.MapGet("/health", …), app.UseHealthChecks("/ready").
/// A mapping the deployed app would not run — under an environment check that is false there (IsDevelopment()),
/// or in an #if region a Release build leaves out (#if DEBUG) — is not trusted: its healthcheck would get a 404
/// from every release, and Dokku would refuse them all.
/// </summary>
public static partial class HealthEndpoint
{
    const int MaxFiles = 2000;

    /// <summary>The environment of a deployed app when nothing sets ASPNETCORE_ENVIRONMENT.</summary>
    public const string DefaultEnvironment = "Production";

    public static string? Detect(string projectDirectory) => Scan(projectDirectory).Path;

    /// <param name="environment">What IsDevelopment() and its kin are judged against: the deployed app's environment.</param>
    public static HealthEndpointScan Scan(string projectDirectory, string environment = DefaultEnvironment)
    {
        var files = Directory.EnumerateFiles(projectDirectory, "*.cs", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Select(f => Path.GetRelativePath(projectDirectory, f))
            .Where(f => !IsBuildOutput(f))
            .Order(StringComparer.Ordinal)
            .Take(MaxFiles);
        var skipped = new List<SkippedHealthMapping>();
        foreach (var file in files)
        {
            var source = File.ReadAllText(Path.Combine(projectDirectory, file));
            if (ScanSource(source, file, environment, skipped) is { } path)
            {
                return new HealthEndpointScan(path, skipped);
            }
        }

        return new HealthEndpointScan(null, skipped);
    }

    /// <summary>The first mapping the deployed app runs; those it would not run are added to <paramref name="skipped"/>.</summary>
    static string? ScanSource(string source, string file, string environment, List<SkippedHealthMapping> skipped)
    {
        var view = CSharpSourceView.Parse(source);
        var scope = new ConditionalScope(view, environment);
        foreach (var (offset, path) in Mappings(view))
        {
            if (scope.GuardAgainst(offset) is not { } guard)
            {
                return path;
            }

            skipped.Add(new SkippedHealthMapping(path, file, Line(source, offset),
                $"under `{guard}`, which is false when the app runs in {environment}"));
        }

        if (view.Inactive.Count > 0)
        {
            foreach (var (offset, path) in Mappings(CSharpSourceView.Parse(source, keepInactive: true)))
            {
                if (view.Inactive.FirstOrDefault(r => r.Start <= offset && offset < r.End) is { Directive: { } directive })
                {
                    skipped.Add(new SkippedHealthMapping(path, file, Line(source, offset), $"under `{directive}`, which a Release build leaves out"));
                }
            }
        }

        return null;
    }

    static IEnumerable<(int Offset, string Path)> Mappings(CSharpSourceView view)
    {
        foreach (Match match in Call().Matches(view.Code))
        {
            var quote = match.Index + match.Length - 1;
            var end = view.Text.IndexOf('"', quote + 1);
            if (end > quote && HealthPath().IsMatch(view.Text[(quote + 1)..end]))
            {
                yield return (match.Index, view.Text[(quote + 1)..end]);
            }
        }
    }

    static int Line(string source, int offset) => source.AsSpan(0, offset).Count('\n') + 1;

    static bool IsBuildOutput(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj";

    // Code view: a literal's contents are blanked, its quotes kept; the path is read from the text view.
    [GeneratedRegex(@"\.(?:MapHealthChecks|MapGet|UseHealthChecks)\s*\(\s*@?""", RegexOptions.IgnoreCase)]
    private static partial Regex Call();

    [GeneratedRegex(@"^/(?:health|healthz|ready|readyz|alive)(?:/[\w-]*)*$", RegexOptions.IgnoreCase)]
    private static partial Regex HealthPath();
}

/// <summary>What the source says: the health path to trust, if any, and the mappings left out and why.</summary>
public sealed record HealthEndpointScan(string? Path, IReadOnlyList<SkippedHealthMapping> Skipped);

/// <summary>A health mapping the deployed app would not run; <paramref name="Reason"/> reads "under `if (…)`, which …".</summary>
public sealed record SkippedHealthMapping(string Path, string File, int Line, string Reason);
