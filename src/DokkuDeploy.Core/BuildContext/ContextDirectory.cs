using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.BuildContext;

/// <summary>
/// Walks a directory into build context entries, filtered by .dockerignore, as the docker CLI's walk
/// does. Never follows a symlink and never opens anything outside the root: every link is sent as a link
/// (one leaving the tree with a warning, since it will not resolve in the image), and what a portable,
/// reproducible context cannot hold (FIFOs, sockets, devices, names that are not UTF-8, file
/// capabilities) is left out with a warning.
/// </summary>
public static class ContextDirectory
{
    private const int GroupAndOtherWrite = 0b000_010_010;

    /// <param name="root">The directory to walk.</param>
    /// <param name="ignore">What to leave out; paths are matched relative to <paramref name="root"/>.</param>
    /// <param name="log">Receives a coded warning for every entry left out for being unportable.</param>
    /// <param name="tarPrefix">Puts every entry under this directory in the tar (e.g. "app").</param>
    /// <param name="dockerModes">
    /// Keep each entry's mode as Docker does (0600 stays 0600, setuid/setgid/sticky kept) except group and
    /// other write, cleared so that umask 002 and 022 give the same image. Otherwise modes are 0644/0755.
    /// </param>
    public static IEnumerable<ContextFile> Enumerate(string root, DockerIgnore ignore, IDeployLog log, string? tarPrefix = null, bool dockerModes = false)
    {
        // The docker CLI resolves the context directory itself (filepath.EvalSymlinks); links inside stay links.
        var fullRoot = ResolveRoot(Path.GetFullPath(root));
        if (StatusOf(fullRoot)?.Kind != FileStatusKind.Directory)
        {
            throw DeployErrors.ContextDirectoryMissing(fullRoot);
        }

        var prefix = string.IsNullOrEmpty(tarPrefix) ? "" : tarPrefix.Trim('/') + "/";
        return WalkAndReport(fullRoot, ignore, log, prefix, dockerModes);
    }

    /// <summary>
    /// The path Docker builds the Dockerfile from, relative to the context: the docker CLI resolves the
    /// Dockerfile's symlinks (filepath.EvalSymlinks) and names the file they lead to.
    /// </summary>
    /// <param name="contextDirectory">The build context.</param>
    /// <param name="dockerfile">The Dockerfile, absolute or relative to the context.</param>
    /// <exception cref="DeployException"><see cref="DeployErrors.DockerfileOutsideContext"/>: the Dockerfile, or where its links lead, is outside the context.</exception>
    public static string ResolveDockerfile(string contextDirectory, string dockerfile)
    {
        var context = Path.GetFullPath(contextDirectory);
        var path = Path.GetFullPath(dockerfile, context);
        try
        {
            return ContextPaths.RelativeInside(ContextPaths.EvalSymlinks(context), ContextPaths.EvalSymlinks(path))
                ?? throw DeployErrors.DockerfileOutsideContext(path, context);
        }
        catch (IOException e)
        {
            throw DeployErrors.ContextFileUnreadable(path, e);
        }
    }

    private static IEnumerable<ContextFile> WalkAndReport(string root, DockerIgnore ignore, IDeployLog log, string prefix, bool dockerModes)
    {
        var walk = new WalkState(ignore, log, prefix, dockerModes);
        foreach (var entry in Walk(root, "", IgnoreMatch.None, walk))
        {
            yield return entry;
        }

        if (walk.WriteBitsCleared.Count > 0)
        {
            log.Detail($"Build context: group/other write permission cleared on {walk.WriteBitsCleared.Count} entries " +
                $"(e.g. {walk.WriteBitsCleared[0]}), where docker build would keep it: the image stays the same whatever the umask");
        }
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
            return ContextPaths.EvalSymlinks(root);
        }
        catch (IOException)
        {
            return root; // a loop: reported as a missing directory
        }
    }

    private sealed record WalkState(DockerIgnore Ignore, IDeployLog Log, string Prefix, bool DockerModes)
    {
        public List<string> WriteBitsCleared { get; } = [];
    }

    private static IEnumerable<ContextFile> Walk(string directory, string relativeDirectory, IgnoreMatch directoryMatch, WalkState walk)
    {
        var (ignore, log, prefix) = (walk.Ignore, walk.Log, walk.Prefix);
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
                    yield return ContextFile.ForDirectory(prefix + relative) with { Mode = ModeOf(status, relative, walk) };
                }

                foreach (var entry in Walk(full, relative, match, walk))
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
                    if (FileCapabilities.Present(full))
                    {
                        log.Warning(DeployErrors.CapabilitiesNotSentWarning, DeployErrors.CapabilitiesNotSent(relative));
                    }

                    yield return ContextFile.FromDisk(prefix + relative, full, status.AnyExecuteBit) with
                    {
                        Mode = ModeOf(status, relative, walk),
                        Identity = status.Identity,
                    };
                    break;
                case FileStatusKind.Symlink:
                    if (SymlinkTarget(full, relativeDirectory, relative, log) is { } target)
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

    private static int? ModeOf(FileStatus status, string relative, WalkState walk)
    {
        if (!walk.DockerModes || OperatingSystem.IsWindows())
        {
            return null;
        }

        if ((status.Permissions & GroupAndOtherWrite) != 0)
        {
            walk.WriteBitsCleared.Add(relative);
        }

        return status.Permissions & ~GroupAndOtherWrite;
    }

    // Docker sends every link as it is; one that leaves the tree is sent too, with a warning: it is never
    // followed here, and in the image it points at whatever is there.
    private static string? SymlinkTarget(string full, string relativeDirectory, string relative, IDeployLog log)
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
                $"The symlink {relative} -> {target} is absolute: it is sent as a link, as docker build sends it, but in the image " +
                "it points at whatever is at that path there, not at your file. Make it relative to a file inside the context, or copy the file.");
            return target;
        }

        var resolved = GoPath.Clean((relativeDirectory.Length == 0 ? "" : relativeDirectory + "/") + target);
        if (resolved == ".." || resolved.StartsWith("../", StringComparison.Ordinal))
        {
            log.Warning(DeployErrors.SymlinkOutsideContextWarning,
                $"The symlink {relative} -> {target} points outside the context directory: it is sent as a link, as docker build " +
                "sends it, but its target is not (it is never read), so in the image it dangles. Copy the file into the context instead.");
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
