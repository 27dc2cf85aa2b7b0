namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// An OpenSSH known_hosts file: plain and hashed host names, <c>[host]:port</c>, wildcards, negation,
/// <c>@revoked</c> and <c>@cert-authority</c> markers. Lines it cannot read are skipped, as OpenSSH does.
/// </summary>
public sealed class KnownHostsFile
{
    private KnownHostsFile(IReadOnlyList<KnownHostEntry> entries)
    {
        Entries = entries;
    }

    public static KnownHostsFile Empty { get; } = new([]);

    /// <summary>Every line that parsed, in file order.</summary>
    public IReadOnlyList<KnownHostEntry> Entries { get; }

    /// <summary>Reads a known_hosts file; a missing file (or directory) reads as empty.</summary>
    public static KnownHostsFile Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Empty;
        }
    }

    public static KnownHostsFile Parse(string text)
    {
        var entries = new List<KnownHostEntry>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            var entry = KnownHostEntry.TryParse(line.TrimEnd('\r'), lineNumber);
            if (entry is not null)
            {
                entries.Add(entry);
            }
        }

        return new KnownHostsFile(entries);
    }

    /// <summary>Joins several files' entries, in order (e.g. ~/.ssh/known_hosts then /etc/ssh/ssh_known_hosts).</summary>
    public static KnownHostsFile Combine(IEnumerable<KnownHostsFile> files) =>
        new(files.SelectMany(f => f.Entries).ToList());

    /// <summary>The entries for this host and port, including @revoked and @cert-authority ones.</summary>
    public IReadOnlyList<KnownHostEntry> Find(string host, int port)
    {
        var hostString = HostString(host, port);
        return Entries.Where(e => e.Matches(hostString)).ToList();
    }

    /// <summary>
    /// The line OpenSSH would add for this key (unhashed): <c>host type base64</c> or <c>[host]:port type base64</c>.
    /// The type written is the one inside the blob when it can be read, so a negotiated algorithm name such as
    /// <c>rsa-sha2-512</c> still gives the <c>ssh-rsa</c> line OpenSSH expects.
    /// </summary>
    public static string FormatLine(string host, int port, string keyType, byte[] keyBlob) =>
        $"{HostString(host, port)} {SshKeyBlob.TryReadKeyType(keyBlob) ?? keyType} {Convert.ToBase64String(keyBlob)}";

    /// <summary>The name OpenSSH looks up: <c>host</c> on port 22, <c>[host]:port</c> on any other.</summary>
    public static string HostString(string host, int port) =>
        port == 22 ? host.ToLowerInvariant() : $"[{host.ToLowerInvariant()}]:{port}";
}
