using System.Text;
using System.Text.RegularExpressions;

namespace DokkuDeploy.Core.BuildContext;

/// <summary>
/// One cleaned .dockerignore pattern, matched the way moby/patternmatcher does: exact, prefix ("dir/**"),
/// suffix ("**/name") or the Go regular expression patternmatcher builds from the glob, rewritten for
/// .NET by <see cref="GoRegexTranslator"/>. Like patternmatcher, a regular expression Go would refuse
/// fails when the pattern is first used, not when it is read.
/// </summary>
internal sealed class DockerIgnorePattern
{
    // What patternmatcher escapes, as docker 28.2.2 shows: '|', '{' and '}' reach Go's regexp as they are
    // ("a|b*" is an alternation, "ab{1,2}*" a repetition), '.', '+', '(', ')' and '$' do not.
    private const string RegexEscaped = ".+()$";

    // Go's regexp is linear; .NET's backtracking engine (needed only for lookarounds) gets a deadline instead.
    private static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromSeconds(5);

    private readonly MatchKind _kind;
    private readonly Regex? _regex;
    private readonly GoRegexException? _compileError;

    private DockerIgnorePattern(string cleaned, bool exclusion, MatchKind kind, Regex? regex, GoRegexException? compileError)
    {
        Cleaned = cleaned;
        IsExclusion = exclusion;
        _kind = kind;
        _regex = regex;
        _compileError = compileError;
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

        error = GoGlobSyntax.Check(p);
        if (error is not null)
        {
            return null;
        }

        var (kind, goRegex) = Compile(p);
        if (kind != MatchKind.Regex)
        {
            return new DockerIgnorePattern(p, exclusion, kind, null, null);
        }

        try
        {
            var (pattern, lookaround) = GoRegexTranslator.Translate(goRegex);

            // Go's regexp runs in linear time; a backtracking engine would hang a deploy on a pattern such
            // as "*a*a*a*a*a*a*a*a*b" and a long file name. Only Go's ASCII \b needs lookarounds.
            var regex = lookaround
                ? new Regex(pattern, RegexOptions.CultureInvariant, BacktrackingTimeout)
                : new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            return new DockerIgnorePattern(p, exclusion, kind, regex, null);
        }
        catch (GoRegexException e)
        {
            return new DockerIgnorePattern(p, exclusion, kind, null, e);
        }
        catch (NotSupportedException e)
        {
            // Go's regexp takes it; .NET's linear-time engine has a size limit Go does not have.
            return new DockerIgnorePattern(p, exclusion, kind, null, GoRegexException.Unsupported(e.Message));
        }
    }

    /// <exception cref="GoRegexException">The pattern's regular expression cannot be used (Go refuses it, or .NET cannot match it alike).</exception>
    public bool Matches(string path) => _kind switch
    {
        MatchKind.Exact => string.Equals(path, Cleaned, StringComparison.Ordinal),
        MatchKind.Prefix => path.StartsWith(Cleaned[..^2], StringComparison.Ordinal),
        MatchKind.Suffix => MatchesSuffix(path),
        _ => MatchesRegex(path),
    };

    private bool MatchesRegex(string path)
    {
        if (_compileError is not null)
        {
            throw _compileError;
        }

        try
        {
            return _regex!.IsMatch(path);
        }
        catch (RegexMatchTimeoutException)
        {
            throw GoRegexException.Unsupported($"matching \"{path}\" took longer than {BacktrackingTimeout.TotalSeconds:0} s with the word boundaries (\\b, \\B) it uses");
        }
    }

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

    // A port of patternmatcher's Pattern.compile for '/' separators: the Go regular expression, character
    // for character ('*' inside brackets included), read rune by rune as Go's text/scanner does.
    private static (MatchKind Kind, string GoRegex) Compile(string pattern)
    {
        var regex = new StringBuilder("^");
        var kind = MatchKind.Exact;
        var runes = pattern.EnumerateRunes().ToArray();
        var at = runes.Length > 0 && runes[0].Value == 0xFEFF ? 1 : 0; // text/scanner skips a leading byte order mark
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
                    regex.Append("[^/]*");
                    kind = MatchKind.Regex;
                }
            }
            else if (ch.Value == '?')
            {
                regex.Append("[^/]");
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
                regex.Append((char)ch.Value);
                kind = MatchKind.Regex;
            }
            else
            {
                regex.Append(ch.ToString());
            }
        }

        return (kind, regex.Append('$').ToString());
    }
}
