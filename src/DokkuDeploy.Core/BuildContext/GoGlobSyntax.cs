namespace DokkuDeploy.Core.BuildContext;

/// <summary>
/// The syntax check Go's filepath.Match performs (Docker calls it on every .dockerignore pattern and
/// refuses the build when it fails): brackets must close, ranges need both ends, '-' and ']' cannot start
/// a range end, and a pattern cannot end in a lone backslash.
/// </summary>
internal static class GoGlobSyntax
{
    /// <summary>Null when the pattern is valid, otherwise why not.</summary>
    public static string? Check(string pattern)
    {
        var i = 0;
        while (i < pattern.Length)
        {
            switch (pattern[i])
            {
                case '\\':
                    if (i + 1 >= pattern.Length)
                    {
                        return "a trailing backslash escapes nothing";
                    }

                    i += NextCharLength(pattern, i + 1) + 1;
                    break;
                case '[':
                    var error = SkipClass(pattern, ref i);
                    if (error is not null)
                    {
                        return error;
                    }

                    break;
                default:
                    i++;
                    break;
            }
        }

        return null;
    }

    private static string? SkipClass(string pattern, ref int i)
    {
        i++; // '['
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        var ranges = 0;
        while (true)
        {
            if (i < pattern.Length && pattern[i] == ']' && ranges > 0)
            {
                i++;
                return null;
            }

            if (!TrySkipClassChar(pattern, ref i))
            {
                return "unterminated or malformed character class";
            }

            if (pattern[i] == '-')
            {
                i++;
                if (!TrySkipClassChar(pattern, ref i))
                {
                    return "malformed character range";
                }
            }

            ranges++;
        }
    }

    // Go's getEsc: one (possibly escaped) character that must be followed by more pattern.
    private static bool TrySkipClassChar(string pattern, ref int i)
    {
        if (i >= pattern.Length || pattern[i] == '-' || pattern[i] == ']')
        {
            return false;
        }

        if (pattern[i] == '\\')
        {
            i++;
            if (i >= pattern.Length)
            {
                return false;
            }
        }

        i += NextCharLength(pattern, i);
        return i < pattern.Length;
    }

    private static int NextCharLength(string s, int i) =>
        char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
}
