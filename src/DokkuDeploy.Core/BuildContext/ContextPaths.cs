namespace DokkuDeploy.Core.BuildContext;

/// <summary>
/// Where a path really leads, and opening a file so that it is the file the walk saw. A build context must
/// never take content from outside its directory, even when a name in it is turned into a link meanwhile.
/// </summary>
internal static class ContextPaths
{
    private const int MaxLinks = 255; // Go's filepath.EvalSymlinks gives up after as many

    /// <summary>
    /// Go's filepath.EvalSymlinks for an absolute path: every symlink on the way resolved, "." and ".."
    /// applied after. Components that do not exist are kept as written. Windows paths are returned as they are.
    /// </summary>
    /// <exception cref="IOException">A loop of links.</exception>
    public static string EvalSymlinks(string fullPath)
    {
        if (OperatingSystem.IsWindows())
        {
            return fullPath;
        }

        var pending = new Stack<string>(Enumerable.Reverse(fullPath.Split('/', StringSplitOptions.RemoveEmptyEntries)));
        var resolved = new List<string>();
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = "/" + string.Join('/', resolved.Append(part));
            if (FileStatus.Of(candidate)?.Kind != FileStatusKind.Symlink)
            {
                resolved.Add(part);
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"{fullPath}: too many links");
            }

            var target = new FileInfo(candidate).LinkTarget ?? "";
            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }

            foreach (var next in Enumerable.Reverse(target.Split('/', StringSplitOptions.RemoveEmptyEntries)))
            {
                pending.Push(next);
            }
        }

        return "/" + string.Join('/', resolved);
    }

    /// <summary>The path of <paramref name="fullPath"/> relative to <paramref name="root"/> with '/', or null when it is not inside.</summary>
    public static string? RelativeInside(string root, string fullPath)
    {
        var relative = Path.GetRelativePath(root, fullPath).Replace('\\', '/');
        return relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative;
    }

    /// <summary>
    /// Opens a regular file for reading and checks that the open handle is <paramref name="expected"/> (the
    /// file the walk saw), or without one, the regular file at the path now: a path swapped for a symlink
    /// after the walk is refused instead of followed, wherever the link points.
    /// </summary>
    /// <exception cref="SourceReadException">The path is no longer that file.</exception>
    public static FileStream OpenVerified(string path, FileIdentity? expected)
    {
        // Not FileOptions.Asynchronous: on Unix that only moves every 80 KB read onto the thread pool,
        // which made a 4 GiB file take about 5 times as long to read.
        // No FileStream buffer: every read here is large already, and 50,000 files x 80 KB of
        // buffers would only feed the garbage collector (and the process's peak memory).
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 0, FileOptions.SequentialScan);
        if (OperatingSystem.IsWindows())
        {
            return stream;
        }

        try
        {
            var opened = FileStatus.Of(stream.SafeFileHandle);
            var wanted = expected ?? (FileStatus.Of(path) is { Kind: FileStatusKind.RegularFile } now ? now.Identity : null);
            if (opened is { Kind: FileStatusKind.RegularFile } && opened.Value.Identity == wanted && wanted is not null)
            {
                return stream;
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        stream.Dispose();
        throw new SourceReadException(new IOException(
            $"{path} is not the file that was listed for the build context any more (it was replaced, by a symlink say); it is not followed"));
    }
}
