using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// A host key given in one setting (DOKKU_HOST_KEY on a build server): known_hosts lines as <c>ssh-keyscan</c>
/// prints them (<c>[host]:port type base64</c>; several lines are fine), a key alone (<c>type base64</c>, trusted for the
/// host being deployed to), or a <c>SHA256:</c> fingerprint as <c>ssh-keygen -lf</c> prints it.
/// </summary>
public sealed record HostKeySetting(KnownHostsFile Lines, string? Fingerprint)
{
    /// <param name="value">The setting's text.</param>
    /// <param name="variable">Its name, for the message when it is neither form.</param>
    /// <param name="host">The name known_hosts would be searched for (see <see cref="SshTarget.KnownHostsName"/>).</param>
    /// <param name="port">And its port.</param>
    /// <exception cref="DeployException"><see cref="DeployErrors.SshHostKeySettingInvalid"/> when a line is neither form; <see cref="DeployErrors.SshHostKeyFingerprintInvalid"/> for a malformed fingerprint.</exception>
    public static HostKeySetting Parse(string value, string variable, string host, int port)
    {
        var text = value.Trim();
        if (text.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase))
        {
            // HostKeyPolicy checks the fingerprint's form and says what is wrong with it.
            _ = new HostKeyPolicy(KnownHostsFile.Empty, text);
            return new HostKeySetting(KnownHostsFile.Empty, text);
        }

        var lines = new List<string>();
        foreach (var raw in text.Replace("\\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var withHost = LooksLikeKeyType(fields[0]) ? $"{KnownHostsFile.HostString(host, port)} {line}" : line;
            if (KnownHostEntry.TryParse(withHost, lines.Count + 1) is null)
            {
                throw DeployErrors.SshHostKeySettingInvalid(variable);
            }

            lines.Add(withHost);
        }

        if (lines.Count == 0)
        {
            throw DeployErrors.SshHostKeySettingInvalid(variable);
        }

        return new HostKeySetting(KnownHostsFile.Parse(string.Join('\n', lines)), null);
    }

    private static bool LooksLikeKeyType(string field) =>
        field.StartsWith("ssh-", StringComparison.Ordinal) ||
        field.StartsWith("ecdsa-", StringComparison.Ordinal) ||
        field.StartsWith("sk-", StringComparison.Ordinal);
}
