namespace DokkuDeploy.Core.Ssh;

/// <summary>OpenSSH's host pattern: <c>*</c> any run of characters, <c>?</c> exactly one, compared case-insensitively.</summary>
internal static class HostPattern
{
    public static bool IsMatch(string name, string pattern) => IsMatch(name.AsSpan(), pattern.AsSpan());

    private static bool IsMatch(ReadOnlySpan<char> name, ReadOnlySpan<char> pattern)
    {
        // Iterative glob with backtracking to the last '*': linear enough for host names and never recursive,
        // so hostile patterns in a known_hosts file cannot blow the stack.
        int n = 0, p = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToLowerInvariant(pattern[p]) == char.ToLowerInvariant(name[n])))
            {
                n++;
                p++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starN = n;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                n = ++starN;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
