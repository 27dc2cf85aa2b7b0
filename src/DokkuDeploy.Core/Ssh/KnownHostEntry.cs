using System.Security.Cryptography;
using System.Text;

namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// One key line of a known_hosts file: which hosts it is for (a pattern list or one hashed name),
/// the key type and the key blob (the decoded base64 field, the same bytes a server sends as its host key).
/// </summary>
public sealed class KnownHostEntry
{
    private readonly IReadOnlyList<string> _patterns;
    private readonly byte[]? _hashSalt;
    private readonly byte[]? _hash;

    private KnownHostEntry(
        KnownHostMarker marker, string hostField, IReadOnlyList<string> patterns, byte[]? hashSalt, byte[]? hash,
        string keyType, byte[] keyBlob, int lineNumber)
    {
        Marker = marker;
        HostField = hostField;
        _patterns = patterns;
        _hashSalt = hashSalt;
        _hash = hash;
        KeyType = keyType;
        KeyBlob = keyBlob;
        LineNumber = lineNumber;
    }

    public KnownHostMarker Marker { get; }

    /// <summary>The host field as written: <c>host1,[host2]:2222,!bad*</c> or <c>|1|salt|hash</c>.</summary>
    public string HostField { get; }

    public bool IsHashed => _hash is not null;

    public string KeyType { get; }

    public byte[] KeyBlob { get; }

    /// <summary>1-based line number in the text it came from.</summary>
    public int LineNumber { get; }

    /// <summary>
    /// Whether this line is for <paramref name="hostString"/>, which is <c>host</c> for port 22 and
    /// <c>[host]:port</c> otherwise, exactly as OpenSSH looks it up.
    /// </summary>
    public bool Matches(string hostString)
    {
        var name = hostString.ToLowerInvariant();
        if (_hash is not null)
        {
            using var hmac = new HMACSHA1(_hashSalt!);
            return CryptographicOperations.FixedTimeEquals(hmac.ComputeHash(Encoding.UTF8.GetBytes(name)), _hash);
        }

        var matched = false;
        foreach (var pattern in _patterns)
        {
            if (pattern.StartsWith('!'))
            {
                if (HostPattern.IsMatch(name, pattern[1..]))
                {
                    return false;
                }
            }
            else if (!matched && HostPattern.IsMatch(name, pattern))
            {
                matched = true;
            }
        }

        return matched;
    }

    /// <summary>Parses one line; null for comments, blank lines and anything malformed.</summary>
    internal static KnownHostEntry? TryParse(string line, int lineNumber)
    {
        var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0 || fields[0].StartsWith('#'))
        {
            return null;
        }

        var marker = KnownHostMarker.None;
        var index = 0;
        if (fields[0].StartsWith('@'))
        {
            KnownHostMarker? known = fields[0] switch
            {
                "@revoked" => KnownHostMarker.Revoked,
                "@cert-authority" => KnownHostMarker.CertAuthority,
                _ => null,
            };
            if (known is null)
            {
                return null;
            }

            marker = known.Value;
            index = 1;
        }

        if (fields.Length < index + 3)
        {
            return null;
        }

        var hostField = fields[index];
        var keyType = fields[index + 1];
        var keyBlob = TryDecodeBase64(fields[index + 2]);
        if (keyBlob is null || keyBlob.Length == 0 || SshKeyBlob.TryReadKeyType(keyBlob) != keyType)
        {
            return null;
        }

        if (hostField.StartsWith('|'))
        {
            // |1|base64(salt)|base64(hmac-sha1(salt, host))
            var parts = hostField.Split('|');
            if (parts.Length != 4 || parts[0].Length != 0 || parts[1] != "1")
            {
                return null;
            }

            var salt = TryDecodeBase64(parts[2]);
            var hash = TryDecodeBase64(parts[3]);
            if (salt is null || salt.Length == 0 || hash is null || hash.Length != 20)
            {
                return null;
            }

            return new KnownHostEntry(marker, hostField, [], salt, hash, keyType, keyBlob, lineNumber);
        }

        var patterns = hostField.Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (patterns.Length == 0 || patterns.All(p => p.StartsWith('!')))
        {
            return null;
        }

        return new KnownHostEntry(marker, hostField, patterns, null, null, keyType, keyBlob, lineNumber);
    }

    private static byte[]? TryDecodeBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
