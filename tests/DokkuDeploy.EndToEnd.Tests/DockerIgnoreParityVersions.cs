using DokkuDeploy.Core.BuildContext;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// The test bed's docker CLI is Debian's 20.10 (pkg/fileutils). DokkuDeploy follows the CLI of Docker 23
/// and later (moby/patternmatcher and go-archive), which changed three things on purpose. A difference is
/// accepted only when one of them explains it; anything else fails the parity test.
/// </summary>
static class DockerIgnoreParityVersions
{
    public const string RegexCharacters =
        "20.10 copies + ( ) | { } ^ into the regular expression unescaped and has no exact-match shortcut; " +
        "23+ escapes + ( ) | { } $ . and compares a pattern without wildcards as a plain string";

    public const string LeadingDoubleStar =
        "23+ matches a pattern that starts with ** and goes on without a slash (\"**.md\") as a suffix " +
        "(any path ending in \".md\"); 20.10 compiles it to ^(.*/)?\\.md$";

    public const string ParentPrefixReinclusion =
        "20.10's Matches lets a \"!\" pattern re-include everything below a directory it matches (it tests the " +
        "path's parent prefix of the pattern's length); 23+ (MatchesUsingParentResults) re-includes only what " +
        "the pattern itself, or a \"!\" pattern that matched the parent, reaches";

    /// <summary>Why Docker 20.10 and 23+ disagree on this .dockerignore for these paths, or null when neither change explains it.</summary>
    public static string? Explain(string dockerignore, IReadOnlyList<string> differingPaths)
    {
        var lines = Lines(dockerignore).ToList();
        if (lines.Any(l => HasRegexCharacter(l.Pattern)))
            return RegexCharacters;
        if (lines.Any(l => l.Pattern.StartsWith("**", StringComparison.Ordinal) && l.Pattern.Length > 2 && l.Pattern[2] != '/'))
            return LeadingDoubleStar;
        var reinclusions = lines.Where(l => l.Reinclude).Select(l => l.Pattern).ToList();
        if (differingPaths.Count > 0 && differingPaths.All(path => ReachedThroughParentPrefix(path, reinclusions)))
            return ParentPrefixReinclusion;
        return null;
    }

    static bool HasRegexCharacter(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == '\\')
                i++;
            else if ("+()|{}^".Contains(pattern[i]))
                return true;
        }

        return false;
    }

    static bool ReachedThroughParentPrefix(string path, List<string> reinclusions)
    {
        var segments = path.Split('/');
        return reinclusions.Any(pattern =>
        {
            var length = pattern.Split('/').Length;
            try
            {
                return length < segments.Length
                    && DockerIgnore.Parse(pattern, dockerfilePath: "-").IsExcluded(string.Join('/', segments[..length]));
            }
            catch (DokkuDeploy.Core.Errors.DeployException)
            {
                return false;
            }
        });
    }

    // ignorefile.ReadAll: comments in column one, trimmed, "!" split off, cleaned.
    static IEnumerable<(bool Reinclude, string Pattern)> Lines(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r').TrimStart('\uFEFF');
            if (line.StartsWith('#'))
                continue;
            line = line.Trim();
            var reinclude = line.StartsWith('!');
            if (reinclude)
                line = line[1..].Trim();
            if (line.Length > 0)
                yield return (reinclude, line);
        }
    }
}
