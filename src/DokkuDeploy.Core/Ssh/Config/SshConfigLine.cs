namespace DokkuDeploy.Core.Ssh.Config;

/// <summary>One meaningful line of an ssh_config file: its keyword (lower case) and arguments, quotes and escapes removed.</summary>
public sealed record SshConfigLine(string Keyword, IReadOnlyList<string> Arguments, string File, int LineNumber)
{
    /// <summary>"FILE line N", as OpenSSH names a place in its messages.</summary>
    public string Where => $"{File} line {LineNumber}";
}
