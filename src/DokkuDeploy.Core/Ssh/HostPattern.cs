namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// OpenSSH's host pattern: <c>*</c> any run of characters, <c>?</c> exactly one. known_hosts compares
/// case-insensitively; ssh_config's <c>Host</c> lines compare case-sensitively (<see cref="Config.SshConfigPattern"/>).
/// </summary>
internal static class HostPattern
{
    public static bool IsMatch(string name, string pattern) => IsMatch(name, pattern, ignoreCase: true);

    public static bool IsMatch(string name, string pattern, bool ignoreCase)
    {
        // Iterative glob with backtracking to the last '*': linear enough for host names and never recursive,
        // so hostile patterns in a known_hosts file cannot blow the stack.
        int n = 0, p = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], name[n], ignoreCase)))
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

    static bool Same(char a, char b, bool ignoreCase) => ignoreCase ? char.ToLowerInvariant(a) == char.ToLowerInvariant(b) : a == b;
}
