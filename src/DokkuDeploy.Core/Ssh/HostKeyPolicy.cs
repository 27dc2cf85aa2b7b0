using System.Security.Cryptography;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// Decides whether a server's host key is the one we expect: from known_hosts files and an optional pinned
/// fingerprint (<c>SHA256:…</c> as <c>ssh-keygen -lf</c> prints it). Either source is enough to trust a key;
/// a key marked <c>@revoked</c> is refused whatever else says.
/// </summary>
public sealed class HostKeyPolicy
{
    private readonly KnownHostsFile _knownHosts;
    private readonly byte[]? _pinnedSha256;

    /// <param name="knownHosts">The trusted keys.</param>
    /// <param name="pinnedFingerprint">Optional <c>SHA256:base64</c>, with or without '=' padding.</param>
    /// <param name="knownHostsPath">The file the user should add a key to, named in error messages.</param>
    /// <exception cref="DeployException"><see cref="DeployErrors.SshHostKeyFingerprintInvalid"/> when the fingerprint is malformed.</exception>
    /// <param name="knownHostsPath">The user's known_hosts file: named in advice and where accept-new records a key. Null when there is none (no HOME).</param>
    public HostKeyPolicy(KnownHostsFile knownHosts, string? pinnedFingerprint = null, string? knownHostsPath = null)
    {
        _knownHosts = knownHosts;
        RecordPath = knownHostsPath;
        KnownHostsPath = knownHostsPath ?? "~/.ssh/known_hosts";
        if (!string.IsNullOrWhiteSpace(pinnedFingerprint))
        {
            _pinnedSha256 = ParseFingerprint(pinnedFingerprint.Trim()) ?? throw DeployErrors.SshHostKeyFingerprintInvalid(pinnedFingerprint);
            PinnedFingerprint = "SHA256:" + Convert.ToBase64String(_pinnedSha256).TrimEnd('=');
        }
    }

    /// <summary>Reads the given known_hosts files (missing ones count as empty); the first is the one advised for additions.</summary>
    public static HostKeyPolicy FromFiles(
        IEnumerable<string> knownHostsPaths, string? pinnedFingerprint = null, bool acceptNewHostKeys = false, IDeployLog? log = null)
    {
        var paths = knownHostsPaths.ToList();
        return new HostKeyPolicy(
            KnownHostsFile.Combine(paths.Select(KnownHostsFile.Load)),
            pinnedFingerprint,
            paths.FirstOrDefault(path => !IsSystemFile(path)))
        {
            AcceptNewHostKeys = acceptNewHostKeys,
            Log = log,
        };
    }

    /// <summary>Where OpenSSH looks: ~/.ssh/known_hosts, ~/.ssh/known_hosts2, /etc/ssh/ssh_known_hosts(2).</summary>
    public static IReadOnlyList<string> DefaultKnownHostsPaths(string? homeDirectory = null)
    {
        var home = homeDirectory ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return
        [
            Path.Combine(home, ".ssh", "known_hosts"),
            Path.Combine(home, ".ssh", "known_hosts2"),
            "/etc/ssh/ssh_known_hosts",
            "/etc/ssh/ssh_known_hosts2",
        ];
    }

    /// <summary>The known_hosts file named in advice ("add this line to …"): the user's, never one under /etc.</summary>
    public string KnownHostsPath { get; }

    /// <summary>Where accept-new records a key: the user's known_hosts file, or none (then nothing is trusted on first use).</summary>
    public string? RecordPath { get; }

    /// <summary>The machine's own known_hosts files belong to the administrator: DokkuDeploy reads them and never writes them.</summary>
    public static bool IsSystemFile(string path) =>
        Path.GetFullPath(path).StartsWith("/etc/", StringComparison.Ordinal);

    /// <summary>The pinned fingerprint, normalised to <c>SHA256:</c> without padding; null when none.</summary>
    public string? PinnedFingerprint { get; }

    /// <summary>
    /// OpenSSH's StrictHostKeyChecking=accept-new, only when the user asks for it: a host with no key
    /// on record is trusted once, with a warning, and its key written to <see cref="KnownHostsPath"/>.
    /// A key that differs from the one on record is still refused.
    /// </summary>
    public bool AcceptNewHostKeys { get; init; }

    /// <summary>Receives the warning when a new host key is accepted.</summary>
    public IDeployLog? Log { get; init; }

    /// <param name="keyType">The key type (used only when the blob's own type cannot be read).</param>
    /// <param name="keyBlob">The host key as the server sent it (SSH.NET's <c>HostKeyEventArgs.HostKey</c>).</param>
    public HostKeyVerdict Check(string host, int port, string keyType, byte[] keyBlob)
    {
        var type = SshKeyBlob.TryReadKeyType(keyBlob) ?? keyType;

        // Revocation is checked against every line, not only this host's: a revoked key is bad anywhere.
        if (_knownHosts.Entries.Any(e => e.Marker == KnownHostMarker.Revoked && e.KeyBlob.AsSpan().SequenceEqual(keyBlob)))
        {
            return HostKeyVerdict.Revoked;
        }

        var hostKeys = _knownHosts.Find(host, port).Where(e => e.Marker == KnownHostMarker.None).ToList();
        if (hostKeys.Any(e => e.KeyBlob.AsSpan().SequenceEqual(keyBlob)))
        {
            return HostKeyVerdict.Trusted;
        }

        if (_pinnedSha256 is not null)
        {
            return CryptographicOperations.FixedTimeEquals(SHA256.HashData(keyBlob), _pinnedSha256)
                ? HostKeyVerdict.Trusted
                : HostKeyVerdict.Changed;
        }

        if (hostKeys.Any(e => e.KeyType == type))
        {
            return HostKeyVerdict.Changed;
        }

        if (hostKeys.Count > 0)
        {
            return HostKeyVerdict.KnownByOtherType;
        }

        if (AcceptNewHostKeys && RecordPath is not null)
        {
            Remember(host, port, type, keyBlob);
            return HostKeyVerdict.Trusted;
        }

        return HostKeyVerdict.Unknown;
    }

    void Remember(string host, int port, string keyType, byte[] keyBlob)
    {
        var path = RecordPath!;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        File.AppendAllText(path, KnownHostsFile.FormatLine(host, port, keyType, keyBlob) + "\n");
        Log?.Warning(DeployErrors.HostKeyTrustedOnFirstUseWarning,
            DeployErrors.HostKeyTrustedOnFirstUse(KnownHostsFile.HostString(host, port), keyType, Fingerprint(keyBlob), path));
    }

    /// <summary>The key types known_hosts trusts for this host (e.g. <c>ssh-ed25519</c>, <c>ssh-rsa</c>), to prefer them when connecting.</summary>
    public IReadOnlyList<string> KnownKeyTypes(string host, int port) =>
        _knownHosts.Find(host, port).Where(e => e.Marker == KnownHostMarker.None).Select(e => e.KeyType).Distinct().ToList();

    /// <summary><c>SHA256:</c> and the unpadded base64 of the blob's SHA-256, exactly as <c>ssh-keygen -lf</c> prints it.</summary>
    public static string Fingerprint(byte[] keyBlob) =>
        "SHA256:" + Convert.ToBase64String(SHA256.HashData(keyBlob)).TrimEnd('=');

    private static byte[]? ParseFingerprint(string text)
    {
        const string prefix = "SHA256:";
        if (!text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var base64 = text[prefix.Length..].TrimEnd('=');
        if (base64.Length != 43)
        {
            return null;
        }

        var buffer = new byte[33];
        return Convert.TryFromBase64String(base64 + "=", buffer, out var written) && written == 32 ? buffer[..32] : null;
    }
}
