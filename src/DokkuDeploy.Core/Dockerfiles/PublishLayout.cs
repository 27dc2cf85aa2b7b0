using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Dockerfiles;

/// <summary>
/// Splits a publish folder into the two layers of the generated Dockerfile: deps/ holds files that come
/// from NuGet packages (they change rarely), app/ holds everything else, including the app's .deps.json
/// and .runtimeconfig.json (they change with the app's own references and settings).
/// Each layer folder holds the container's /app directory itself (deps/app/…, app/app/…) and is copied
/// to /: Docker's legacy builder stamps a destination directory it writes into with the build time, but
/// takes a directory it copies from the context with the context's (fixed) time. So an unchanged
/// dependency layer stays byte-identical even after the build cache is cleared.
/// </summary>
public static class PublishLayout
{
    public const string DependencyFolder = "deps";
    public const string AppFolder = "app";

    /// <summary>The app's directory in the container, as each layer folder holds it.</summary>
    public const string ContainerDirectory = "app";
    public const string DockerfileName = "Dockerfile";

    /// <summary>
    /// The whole build context for the generated Dockerfile: Dockerfile, deps/** and app/**.
    /// </summary>
    /// <param name="publishDirectory">The output of dotnet publish.</param>
    /// <param name="packageFiles">
    /// Paths relative to the publish directory of files that come from NuGet packages
    /// (ResolvedFileToPublish items with NuGetPackageId metadata: their RelativePath).
    /// </param>
    /// <param name="dockerfile">The text of the generated Dockerfile.</param>
    /// <param name="log">Receives warnings for entries that cannot be in a context.</param>
    public static IEnumerable<ContextFile> CreateContext(string publishDirectory, IEnumerable<string> packageFiles, string dockerfile, IDeployLog log)
    {
        var layers = Split(publishDirectory, packageFiles, log);
        return layers.Prepend(ContextFile.FromText(DockerfileName, dockerfile));
    }

    /// <summary>The publish folder's entries under deps/ and app/. Both folders always exist, so both COPYs work.</summary>
    public static IEnumerable<ContextFile> Split(string publishDirectory, IEnumerable<string> packageFiles, IDeployLog log)
    {
        if (!Directory.Exists(publishDirectory))
        {
            throw DeployErrors.PublishDirectoryMissing(publishDirectory);
        }

        var fromPackages = new HashSet<string>(packageFiles.Select(Normalize), StringComparer.Ordinal);
        return SplitEntries(publishDirectory, fromPackages, log);
    }

    /// <summary>Which layer a publish output file goes to.</summary>
    public static string LayerOf(string relativePath, IReadOnlySet<string> packageFiles)
    {
        var path = Normalize(relativePath);
        if (IsAppManifest(path))
        {
            return AppFolder;
        }

        return packageFiles.Contains(path) ? DependencyFolder : AppFolder;
    }

    /// <summary>Whether the context has files in deps/, i.e. whether the Dockerfile needs the dependency COPY.</summary>
    public static bool HasDependencies(string publishDirectory, IEnumerable<string> packageFiles) =>
        packageFiles.Select(Normalize).Any(p => !IsAppManifest(p) && File.Exists(Path.Combine(publishDirectory, p)));

    private static IEnumerable<ContextFile> SplitEntries(string publishDirectory, HashSet<string> fromPackages, IDeployLog log)
    {
        yield return ContextFile.ForDirectory(DependencyFolder);
        yield return ContextFile.ForDirectory($"{DependencyFolder}/{ContainerDirectory}");
        yield return ContextFile.ForDirectory(AppFolder);
        yield return ContextFile.ForDirectory($"{AppFolder}/{ContainerDirectory}");

        // Directories are not owned by a layer: the writer adds the ones files need. Only empty ones
        // (an empty wwwroot, say) are kept, in app/.
        var directories = new List<string>();
        var nonEmpty = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in ContextDirectory.Enumerate(publishDirectory, DockerIgnore.Empty, log))
        {
            if (entry.Kind == ContextFileKind.Directory)
            {
                directories.Add(entry.Path);
                continue;
            }

            for (var slash = entry.Path.LastIndexOf('/'); slash > 0 && nonEmpty.Add(entry.Path[..slash]); slash = entry.Path.LastIndexOf('/', slash - 1))
            {
            }

            yield return entry.WithPath($"{LayerOf(entry.Path, fromPackages)}/{ContainerDirectory}/{entry.Path}");
        }

        foreach (var directory in directories.Where(d => !nonEmpty.Contains(d)))
        {
            yield return ContextFile.ForDirectory($"{AppFolder}/{ContainerDirectory}/{directory}");
        }
    }

    private static bool IsAppManifest(string path) =>
        !path.Contains('/') &&
        (path.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".runtimeconfig.json", StringComparison.OrdinalIgnoreCase));

    private static string Normalize(string relativePath) => relativePath.Replace('\\', '/').TrimStart('/');
}
