using System.Text;
using System.Text.RegularExpressions;

namespace DokkuDeploy.Core.BuildContext;

/// <summary>
/// One cleaned .dockerignore pattern, matched the way moby/patternmatcher does: exact, prefix ("dir/**"),
/// suffix ("**/name") or a regular expression translated from the glob.
/// </summary>
internal sealed class DockerIgnorePattern
{
    // Go's '?' and '[^/]' consume one Unicode code point; in .NET a character is a UTF-16 unit.
    private const string AnyCharButSlash = @"(?:[\uD800-\uDBFF][\uDC00-\uDFFF]|[^/\uD800-\uDFFF])";
    private const string RegexEscaped = ".+()|{}$";

    private readonly MatchKind _kind;
    private readonly Regex? _regex;

    private DockerIgnorePattern(string cleaned, bool exclusion, MatchKind kind, Regex? regex)
    {
        Cleaned = cleaned;
        IsExclusion = exclusion;
        _kind = kind;
        _regex = regex;
    }

    private enum MatchKind
    {
        Exact,
        Prefix,
        Suffix,
        Regex,
    }

    /// <summary>The pattern as Docker keeps it: cleaned, without the leading '!'.</summary>
    public string Cleaned { get; }

    /// <summary>True for "!pattern": a match re-includes the path.</summary>
    public bool IsExclusion { get; }

    /// <summary>Parses one pattern as patternmatcher.New does; the error says why it is invalid.</summary>
    public static DockerIgnorePattern? TryCreate(string raw, out string? error)
    {
        var p = GoPath.Clean(raw.Trim());
        var exclusion = false;
        if (p[0] == '!')
        {
            if (p.Length == 1)
            {
                error = "\"!\" alone excludes nothing";
                return null;
            }

            exclusion = true;
            p = p[1..];
        }

        error = GoGlobSyntax.Check(p) ?? Re2EscapeError(p);
        if (error is not null)
        {
            return null;
        }

        var (kind, regexText) = Compile(p);
        Regex? regex = null;
        if (kind == MatchKind.Regex)
        {
            try
            {
                // Go's regexp runs in linear time; a backtracking engine would hang a deploy on a pattern such
                // as "*a*a*a*a*a*a*a*a*b" and a long file name.
                regex = new Regex(regexText, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                // Docker fails the same way, only later: Go's regexp refuses e.g. the reversed range "[z-a]".
                error = e.Message;
                return null;
            }
        }

        return new DockerIgnorePattern(p, exclusion, kind, regex);
    }

    public bool Matches(string path) => _kind switch
    {
        MatchKind.Exact => string.Equals(path, Cleaned, StringComparison.Ordinal),
        MatchKind.Prefix => path.StartsWith(Cleaned[..^2], StringComparison.Ordinal),
        MatchKind.Suffix => MatchesSuffix(path),
        _ => _regex!.IsMatch(path),
    };

    private bool MatchesSuffix(string path)
    {
        var suffix = Cleaned[2..];
        if (path.EndsWith(suffix, StringComparison.Ordinal))
        {
            return true;
        }

        // "**/foo" matches "foo" itself.
        return suffix[0] == '/' && string.Equals(path, suffix[1..], StringComparison.Ordinal);
    }

    // Docker copies "\x" into the Go regular expression as is. RE2 knows only these letter escapes and
    // refuses the rest ("\c", "\e", "\u", "\1"...); .NET would accept several of them with another meaning.
    private static string? Re2EscapeError(string pattern)
    {
        for (var i = 0; i + 1 < pattern.Length; i++)
        {
            if (pattern[i] != '\\')
            {
                continue;
            }

            var next = pattern[++i];
            var valid = !char.IsAsciiLetterOrDigit(next)
                || "AbBzQpPdDsSwWxafnrtv0".Contains(next)
                || (next is >= '1' and <= '7' && i + 1 < pattern.Length && pattern[i + 1] is >= '0' and <= '7');
            if (!valid)
            {
                return $"Docker turns the pattern into a Go regular expression, which has no escape \"\\{next}\"";
            }
        }

        return null;
    }

    // A port of patternmatcher's Pattern.compile for '/' separators.
    private static (MatchKind Kind, string Regex) Compile(string pattern)
    {
        var regex = new StringBuilder("^");
        var kind = MatchKind.Exact;
        var runes = pattern.EnumerateRunes().ToArray();
        var at = 0;
        var inClass = false; // inside "[...]" the Go regex text is kept verbatim, as RE2 would read it
        Rune? Peek() => at < runes.Length ? runes[at] : null;

        for (var i = 0; at < runes.Length; i++)
        {
            var ch = runes[at++];
            if (ch.Value == '*')
            {
                if (Peek()?.Value == '*')
                {
                    at++;
                    if (Peek()?.Value == '/')
                    {
                        at++; // "**/" means "**"
                    }

                    if (Peek() is null)
                    {
                        if (kind == MatchKind.Exact)
                        {
                            kind = MatchKind.Prefix;
                        }
                        else
                        {
                            regex.Append(".*");
                            kind = MatchKind.Regex;
                        }
                    }
                    else
                    {
                        regex.Append("(.*/)?");
                        kind = MatchKind.Regex;
                    }

                    if (i == 0)
                    {
                        kind = MatchKind.Suffix;
                    }
                }
                else
                {
                    regex.Append(inClass ? "[^/]" : AnyCharButSlash).Append('*');
                    kind = MatchKind.Regex;
                }
            }
            else if (ch.Value == '?')
            {
                regex.Append(inClass ? "[^/]" : AnyCharButSlash);
                kind = MatchKind.Regex;
            }
            else if (ch.IsAscii && RegexEscaped.Contains((char)ch.Value))
            {
                regex.Append('\\').Append((char)ch.Value);
            }
            else if (ch.Value == '\\')
            {
                if (Peek() is { } next)
                {
                    at++;
                    regex.Append('\\').Append(next.ToString());
                    kind = MatchKind.Regex;
                }
                else
                {
                    regex.Append('\\');
                }
            }
            else if (ch.Value is '[' or ']')
            {
                inClass = ch.Value == '[';
                regex.Append((char)ch.Value);
                kind = MatchKind.Regex;
            }
            else
            {
                regex.Append(ch.ToString());
            }
        }

        // Go's "$" is the end of the text; .NET's would also match before a final newline.
        return (kind, regex.Append(@"\z").ToString());
    }
}
