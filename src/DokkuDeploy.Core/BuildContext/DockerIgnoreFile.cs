using System.Text;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.BuildContext;

/// <summary>
/// Reading .dockerignore as the docker CLI does (ReadDockerignore, moby/patternmatcher ignorefile.ReadAll):
/// bytes split at '\n', one '\r' dropped, a UTF-8 byte order mark dropped from the first line, a line over
/// Go's 64 KiB scanner limit refused. Unlike the CLI it reads nothing outside the context: a .dockerignore
/// that links out of it is refused, and the file opened is checked to be the one inside.
/// </summary>
internal static class DockerIgnoreFile
{
    // bufio.MaxScanTokenSize: the scanner's buffer holds a line and its '\n'.
    private const int MaxLineBytes = (64 * 1024) - 1;

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];
    private static readonly byte[] Utf16LeBom = [0xFF, 0xFE];
    private static readonly byte[] Utf16BeBom = [0xFE, 0xFF];

    public static DockerIgnore Load(string contextDirectory, string dockerfilePath, IDeployLog? log)
    {
        var root = Path.GetFullPath(contextDirectory);
        var path = Path.Combine(root, DockerIgnore.FileName);
        byte[]? bytes;
        try
        {
            bytes = Read(root, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DeployErrors.DockerIgnoreUnreadable(path, e is SourceReadException ? e.InnerException : e);
        }

        if (bytes is null)
        {
            return DockerIgnore.Parse("", dockerfilePath);
        }

        if (LooksLikeUtf16OrUtf32(bytes))
        {
            log?.Warning(DeployErrors.DockerIgnoreNotUtf8Warning, DeployErrors.DockerIgnoreNotUtf8(path));
        }

        return DockerIgnore.Parse(Lines(bytes, path), dockerfilePath, path);
    }

    /// <summary>(line number, pattern) pairs as ignorefile.ReadAll returns them, from text.</summary>
    public static IEnumerable<(int Line, string Pattern)> Lines(string text) =>
        Lines(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text), DockerIgnore.FileName);

    /// <summary>(line number, pattern) pairs as ignorefile.ReadAll returns them, from the file's bytes.</summary>
    public static IEnumerable<(int Line, string Pattern)> Lines(byte[] bytes, string sourceName)
    {
        var lines = new List<(int, string)>();
        var start = 0;
        for (var number = 1; start < bytes.Length; number++)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            var lineEnd = end < 0 ? bytes.Length : end;
            if (lineEnd - start > MaxLineBytes)
            {
                throw DeployErrors.DockerIgnoreLineTooLong(sourceName, number, lineEnd - start);
            }

            var line = bytes.AsSpan(start, lineEnd - start);
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }

            if (number == 1 && line.StartsWith(Utf8Bom))
            {
                line = line[3..];
            }

            if (Pattern(Encoding.UTF8.GetString(line)) is { } pattern)
            {
                lines.Add((number, pattern));
            }

            if (end < 0)
            {
                break;
            }

            start = end + 1;
        }

        return lines;
    }

    // What PowerShell's ">" (UTF-16) and some editors (UTF-32) write: a byte order mark, or NUL bytes.
    // (UTF-32LE starts like UTF-16LE; UTF-32BE and BOM-less files have NUL bytes.)
    private static bool LooksLikeUtf16OrUtf32(byte[] bytes) =>
        bytes.AsSpan().StartsWith(Utf16LeBom) || bytes.AsSpan().StartsWith(Utf16BeBom) || Array.IndexOf(bytes, (byte)0) >= 0;

    // One line of ignorefile.ReadAll: a '#' in the very first column is a comment (checked before trimming).
    private static string? Pattern(string line)
    {
        if (line.StartsWith('#'))
        {
            return null;
        }

        var pattern = line.Trim();
        if (pattern.Length == 0)
        {
            return null;
        }

        var invert = pattern[0] == '!';
        if (invert)
        {
            pattern = pattern[1..].Trim();
        }

        if (pattern.Length > 0)
        {
            pattern = GoPath.Clean(pattern);
            if (pattern.Length > 1 && pattern[0] == '/')
            {
                pattern = pattern[1..];
            }
        }

        return invert ? "!" + pattern : pattern;
    }

    // Null when there is no .dockerignore (or only a dangling link, which the CLI's open also takes for none).
    private static byte[]? Read(string root, string path)
    {
        var status = FileStatus.Of(path);
        if (status is null)
        {
            return null;
        }

        var target = path;
        if (status.Value.Kind == FileStatusKind.Symlink)
        {
            var realRoot = ContextPaths.EvalSymlinks(root);
            target = ContextPaths.EvalSymlinks(path);
            if (ContextPaths.RelativeInside(realRoot, target) is null)
            {
                throw DeployErrors.DockerIgnoreOutsideContext(path, new FileInfo(path).LinkTarget ?? target, root);
            }

            if (FileStatus.Of(target) is null)
            {
                return null;
            }
        }

        using var stream = ContextPaths.OpenVerified(target, expected: null);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
