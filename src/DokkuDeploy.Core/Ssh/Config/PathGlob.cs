namespace DokkuDeploy.Core.Ssh.Config;

/// <summary>
/// Expands a path with <c>*</c> and <c>?</c> in any of its parts into the existing files, sorted as glob(3) sorts
/// them; a part without wildcards is taken as it is, and a wildcard never matches a leading dot.
/// </summary>
internal static class PathGlob
{
    public static IReadOnlyList<string> Expand(string pattern)
    {
        if (pattern.IndexOfAny(['*', '?']) < 0)
        {
            return File.Exists(pattern) ? [pattern] : [];
        }

        var rooted = pattern.StartsWith('/');
        var parts = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        IEnumerable<string> current = [rooted ? "/" : "."];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var last = i == parts.Length - 1;
            current = current.SelectMany(directory => Children(directory, part, last)).ToList();
        }

        return current.Select(p => rooted || !p.StartsWith("./", StringComparison.Ordinal) ? p : p[2..])
            .Where(File.Exists)
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();
    }

    private static IEnumerable<string> Children(string directory, string part, bool last)
    {
        if (part.IndexOfAny(['*', '?']) < 0)
        {
            var path = Path.Join(directory, part);
            return last || Directory.Exists(path) ? [path] : [];
        }

        try
        {
            return Directory.EnumerateFileSystemEntries(directory)
                .Select(Path.GetFileName)
                .Where(name => name is not null && !name.StartsWith('.') && SshConfigPattern.IsMatch(name, part))
                .Select(name => Path.Join(directory, name))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
