namespace DokkuDeploy.Core.Ssh.Config;

/// <summary>
/// ssh_config's host patterns: <c>*</c> any run of characters, <c>?</c> exactly one. Unlike known_hosts, a
/// <c>Host</c> line compares case-sensitively with the host as typed; <c>Match host</c> lists compare in lower case.
/// </summary>
internal static class SshConfigPattern
{
    public static bool IsMatch(string text, string pattern) => HostPattern.IsMatch(text, pattern, ignoreCase: false);

    /// <summary>
    /// OpenSSH's match_pattern_list: a comma-separated list where <c>!pattern</c> excludes. Returns -1 when an
    /// excluding pattern matches, 1 when another matches, 0 when none does.
    /// </summary>
    public static int MatchList(string text, string list, bool lowerCase)
    {
        if (lowerCase)
        {
            text = text.ToLowerInvariant();
            list = list.ToLowerInvariant();
        }

        var result = 0;
        foreach (var item in list.Split(','))
        {
            var negated = item.StartsWith('!');
            if (IsMatch(text, negated ? item[1..] : item))
            {
                if (negated)
                {
                    return -1;
                }

                result = 1;
            }
        }

        return result;
    }
}
