using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.BuildContext;

/// <summary>
/// Walks a directory into build context entries, filtered by .dockerignore. Never follows a symlink and
/// never opens anything outside the root: links become symlink entries when they stay inside the tree,
/// and whatever cannot be in a portable context (links leaving the tree, FIFOs, sockets, devices, names
/// that are not UTF-8) is left out with a warning.
/// </summary>
public static class ContextDirectory
{
    /// <param name="root">The directory to walk.</param>
    /// <param name="ignore">What to leave out; paths are matched relative to <paramref name="root"/>.</param>
    /// <param name="log">Receives a coded warning for every entry left out for being unportable.</param>
    /// <param name="tarPrefix">Puts every entry under this directory in the tar (e.g. "app").</param>
    public static IEnumerable<ContextFile> Enumerate(string root, DockerIgnore ignore, IDeployLog log, string? tarPrefix = null)
    {
        var fullRoot = Path.GetFullPath(root);
        if (StatusOf(fullRoot)?.Kind == FileStatusKind.Symlink)
        {
            // The docker CLI resolves the context directory itself (filepath.EvalSymlinks); links inside stay links.
            fullRoot = ResolveRoot(fullRoot);
        }

        if (StatusOf(fullRoot)?.Kind != FileStatusKind.Directory)
        {
            throw DeployErrors.ContextDirectoryMissing(fullRoot);
        }

        var prefix = string.IsNullOrEmpty(tarPrefix) ? "" : tarPrefix.Trim('/') + "/";
        return Walk(fullRoot, "", IgnoreMatch.None, ignore, log, prefix);
    }

    private static FileStatus? StatusOf(string path)
    {
        try
        {
            return FileStatus.Of(path);
        }
        catch (IOException e)
        {
            throw DeployErrors.ContextFileUnreadable(path, e);
        }
    }

    private static string ResolveRoot(string root)
    {
        try
        {
            return Directory.ResolveLinkTarget(root, returnFinalTarget: true)?.FullName ?? root;
        }
        catch (IOException)
        {
            return root; // a loop or a dangling link: reported as a missing directory
        }
    }

    private static IEnumerable<ContextFile> Walk(
        string directory, string relativeDirectory, IgnoreMatch directoryMatch, DockerIgnore ignore, IDeployLog log, string prefix)
    {
        foreach (var name in ListNames(directory))
        {
            var relative = relativeDirectory.Length == 0 ? name : relativeDirectory + "/" + name;
            var full = Path.Combine(directory, name);

            // A file deleted between listing and lstat is simply not there any more. A name that is not UTF-8
            // comes back with U+FFFD in place of its bad bytes, so it cannot be found under that name either;
            // a name that really contains U+FFFD (valid UTF-8) can, and is kept.
            if (StatusOf(full) is not { } status)
            {
                if (name.Contains('\uFFFD'))
                {
                    log.Warning(DeployErrors.NonUtf8NameSkippedWarning,
                        $"Left {relative} out of the build context: its name is not valid UTF-8, which a portable context cannot carry. Rename it.");
                }

                continue;
            }

            var match = ignore.Evaluate(relative, directoryMatch);
            if (status.Kind == FileStatusKind.Directory)
            {
                if (match.Excluded)
                {
                    if (!ignore.MustWalkExcludedDirectory(relative))
                    {
                        continue;
                    }
                }
                else
                {
                    yield return ContextFile.ForDirectory(prefix + relative);
                }

                foreach (var entry in Walk(full, relative, match, ignore, log, prefix))
                {
                    yield return entry;
                }

                continue;
            }

            if (match.Excluded)
            {
                continue;
            }

            switch (status.Kind)
            {
                case FileStatusKind.RegularFile:
                    yield return ContextFile.FromDisk(prefix + relative, full, status.AnyExecuteBit);
                    break;
                case FileStatusKind.Symlink:
                    if (SymlinkInsideTree(full, relativeDirectory, relative, log) is { } target)
                    {
                        yield return ContextFile.ForSymlink(prefix + relative, target);
                    }

                    break;
                default:
                    log.Warning(DeployErrors.SpecialFileSkippedWarning,
                        $"Left {relative} out of the build context: it is a {Describe(status.Kind)}, not a file, directory or symlink. " +
                        "Add it to .dockerignore to silence this warning.");
                    break;
            }
        }
    }

    private static string? SymlinkInsideTree(string full, string relativeDirectory, string relative, IDeployLog log)
    {
        string? target;
        try
        {
            target = new FileInfo(full).LinkTarget;
        }
        catch (IOException)
        {
            return null; // gone since it was listed
        }

        if (target is null)
        {
            return null;
        }

        if (target.Contains('\uFFFD'))
        {
            log.Warning(DeployErrors.NonUtf8NameSkippedWarning,
                $"Left the symlink {relative} out of the build context: its target is not valid UTF-8.");
            return null;
        }

        if (target.StartsWith('/') || Path.IsPathRooted(target))
        {
            log.Warning(DeployErrors.SymlinkOutsideContextWarning,
                $"Left the symlink {relative} -> {target} out of the build context: an absolute target means " +
                "something else inside the image. Make it relative to a file inside the context, or copy the file.");
            return null;
        }

        var resolved = GoPath.Clean((relativeDirectory.Length == 0 ? "" : relativeDirectory + "/") + target);
        if (resolved == ".." || resolved.StartsWith("../", StringComparison.Ordinal))
        {
            log.Warning(DeployErrors.SymlinkOutsideContextWarning,
                $"Left the symlink {relative} -> {target} out of the build context: it points outside the context " +
                "directory, which Docker cannot reach. Copy the file into the context instead.");
            return null;
        }

        return target;
    }

    private static List<string> ListNames(string directory)
    {
        try
        {
            var names = Directory.EnumerateFileSystemEntries(directory)
                .Select(Path.GetFileName)
                .OfType<string>()
                .ToList();
            names.Sort(StringComparer.Ordinal);
            return names;
        }
        catch (DirectoryNotFoundException)
        {
            return []; // removed while we walked
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DeployErrors.ContextFileUnreadable(directory, e);
        }
    }

    private static string Describe(FileStatusKind kind) => kind switch
    {
        FileStatusKind.Fifo => "named pipe (FIFO)",
        FileStatusKind.Socket => "socket",
        FileStatusKind.Device => "device file",
        _ => "special file",
    };
}
