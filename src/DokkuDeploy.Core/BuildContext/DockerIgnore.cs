using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.BuildContext;

/// <summary>
/// A .dockerignore file, read and applied exactly as the docker CLI does for a classic build:
/// moby/patternmatcher's ignorefile.ReadAll and New, the CLI's rule that the Dockerfile in use and
/// .dockerignore itself always stay in the context, and moby/go-archive's walk, which skips an excluded
/// directory unless a "!" pattern reaches inside it.
/// </summary>
public sealed class DockerIgnore
{
    public const string FileName = ".dockerignore";

    private readonly DockerIgnorePattern[] _patterns;
    private readonly (int Line, string Raw)[] _origins;
    private readonly string _sourceName;

    private DockerIgnore(DockerIgnorePattern[] patterns, (int Line, string Raw)[] origins, string sourceName)
    {
        _patterns = patterns;
        _origins = origins;
        _sourceName = sourceName;
        HasExclusions = patterns.Any(p => p.IsExclusion);
    }

    /// <summary>Ignores nothing: a context without a .dockerignore.</summary>
    public static DockerIgnore Empty { get; } = new([], [], FileName);

    /// <summary>The patterns in effect, cleaned, "!" marking re-inclusions (including the CLI's own).</summary>
    public IReadOnlyList<string> Patterns => _patterns.Select(p => (p.IsExclusion ? "!" : "") + p.Cleaned).ToArray();

    internal bool HasExclusions { get; }

    /// <param name="text">The content of a .dockerignore file.</param>
    /// <param name="dockerfilePath">The Dockerfile the build uses, relative to the context; always kept.</param>
    /// <param name="sourceName">How error messages name the file.</param>
    public static DockerIgnore Parse(string text, string dockerfilePath = "Dockerfile", string sourceName = FileName) =>
        Parse(DockerIgnoreFile.Lines(text), dockerfilePath, sourceName);

    internal static DockerIgnore Parse(IEnumerable<(int Line, string Pattern)> lines, string dockerfilePath, string sourceName)
    {
        var patterns = new List<DockerIgnorePattern>();
        var origins = new List<(int, string)>();
        foreach (var (line, raw) in lines)
        {
            var pattern = DockerIgnorePattern.TryCreate(raw, out var error)
                ?? throw DeployErrors.DockerIgnoreInvalidPattern(sourceName, line, raw, error!);
            patterns.Add(pattern);
            origins.Add((line, raw));
        }

        // docker/cli TrimBuildFilesFromExcludes: the daemon needs both files, so the CLI re-includes them.
        if (MatchesLegacy(patterns, FileName))
        {
            patterns.Add(DockerIgnorePattern.TryCreate("!" + FileName, out _)!);
            origins.Add((0, "!" + FileName));
        }

        var dockerfile = dockerfilePath.Replace('\\', '/');
        if (MatchesLegacy(patterns, dockerfile))
        {
            var keep = DockerIgnorePattern.TryCreate("!" + dockerfile, out var error)
                ?? throw DeployErrors.DockerIgnoreInvalidPattern("the Dockerfile path", 1, dockerfile, error!);
            patterns.Add(keep);
            origins.Add((0, "!" + dockerfile));
        }

        return new DockerIgnore(patterns.ToArray(), origins.ToArray(), sourceName);
    }

    /// <summary>Reads CONTEXT/.dockerignore as the docker CLI does; <see cref="Empty"/> (plus the CLI's own rules) when there is none.</summary>
    /// <param name="log">Receives a warning when the file is not UTF-8 text (a UTF-16 file written by PowerShell, say).</param>
    public static DockerIgnore Load(string contextDirectory, string dockerfilePath = "Dockerfile", IDeployLog? log = null) =>
        DockerIgnoreFile.Load(contextDirectory, dockerfilePath, log);

    /// <summary>
    /// Whether Docker leaves this path out of the context: the path itself is excluded, or one of its
    /// parent directories is excluded and no "!" pattern reaches inside it (Docker then never walks it).
    /// </summary>
    /// <param name="relativePath">Forward slashes, relative to the context root. A backslash is part of a name, as on Linux.</param>
    public bool IsExcluded(string relativePath)
    {
        var path = GoPath.Clean(relativePath.TrimStart('/'));
        if (path == ".")
        {
            return false;
        }

        var match = IgnoreMatch.None;
        var slash = -1;
        while ((slash = path.IndexOf('/', slash + 1)) >= 0)
        {
            var directory = path[..slash];
            match = Evaluate(directory, match);
            if (match.Excluded && !MustWalkExcludedDirectory(directory))
            {
                return true;
            }
        }

        return Evaluate(path, match).Excluded;
    }

    /// <summary>
    /// patternmatcher.MatchesUsingParentResults: what go-archive's walk decides for a path, given the
    /// result of its parent directory (<see cref="IgnoreMatch.None"/> at the top).
    /// </summary>
    internal IgnoreMatch Evaluate(string path, IgnoreMatch parent)
    {
        if (_patterns.Length == 0)
        {
            return IgnoreMatch.None;
        }

        var parentMatched = parent.PatternMatched;
        var matchedByPattern = new bool[_patterns.Length];
        var matched = false;
        for (var i = 0; i < _patterns.Length; i++)
        {
            var pattern = _patterns[i];
            var match = parentMatched is not null && parentMatched[i];
            if (!match)
            {
                // Inclusions cannot change an excluded path, nor exclusions an included one.
                if (pattern.IsExclusion != matched)
                {
                    continue;
                }

                match = Matches(i, path);
                if (!match && parentMatched is null)
                {
                    match = MatchesAnyParent(i, path);
                }
            }

            matchedByPattern[i] = match;
            if (match)
            {
                matched = !pattern.IsExclusion;
            }
        }

        return new IgnoreMatch(matched, matchedByPattern);
    }

    /// <summary>
    /// go-archive walks into an excluded directory only when some "!" pattern starts with it, because a
    /// file below could be re-included. Its own entry stays out of the context either way.
    /// </summary>
    internal bool MustWalkExcludedDirectory(string relativeDirectory)
    {
        if (!HasExclusions)
        {
            return false;
        }

        var prefix = relativeDirectory + "/";
        return _patterns.Any(p => p.IsExclusion && (p.Cleaned + "/").StartsWith(prefix, StringComparison.Ordinal));
    }

    // Go compiles a pattern's regular expression when it is first used, and the walk fails there.
    private bool Matches(int index, string path)
    {
        try
        {
            return _patterns[index].Matches(path);
        }
        catch (GoRegexException e)
        {
            var (line, raw) = _origins[index];
            throw e.GoRefusesIt
                ? DeployErrors.DockerIgnoreInvalidPattern(_sourceName, line, raw, e.Message)
                : DeployErrors.DockerIgnorePatternNotReproducible(_sourceName, line, raw, e.Message);
        }
    }

    private bool MatchesAnyParent(int index, string path)
    {
        var parent = GoPath.Dir(path);
        if (parent == ".")
        {
            return false;
        }

        var slash = -1;
        while ((slash = parent.IndexOf('/', slash + 1)) >= 0)
        {
            if (Matches(index, parent[..slash]))
            {
                return true;
            }
        }

        return Matches(index, parent);
    }

    // patternmatcher.Matches (deprecated, used by the CLI to decide what to keep): it checks only the
    // parent prefix that has as many segments as the pattern. The CLI ignores its error: no match.
    private static bool MatchesLegacy(List<DockerIgnorePattern> patterns, string file)
    {
        try
        {
            return MatchesLegacyOrThrow(patterns, file);
        }
        catch (GoRegexException)
        {
            return false;
        }
    }

    private static bool MatchesLegacyOrThrow(List<DockerIgnorePattern> patterns, string file)
    {
        file = GoPath.Clean(file);
        if (file == ".")
        {
            return false;
        }

        var parentPath = GoPath.Dir(file);
        var parentDirs = parentPath.Split('/');
        var matched = false;
        foreach (var pattern in patterns)
        {
            if (pattern.IsExclusion != matched)
            {
                continue;
            }

            var match = pattern.Matches(file);
            if (!match && parentPath != ".")
            {
                var patternDirs = pattern.Cleaned.Split('/').Length;
                if (patternDirs <= parentDirs.Length)
                {
                    match = pattern.Matches(string.Join('/', parentDirs, 0, patternDirs));
                }
            }

            if (match)
            {
                matched = !pattern.IsExclusion;
            }
        }

        return matched;
    }
}

/// <summary>The outcome for one path, plus which patterns matched it, for its children to build on.</summary>
internal readonly record struct IgnoreMatch(bool Excluded, bool[]? PatternMatched)
{
    public static IgnoreMatch None => default;
}
