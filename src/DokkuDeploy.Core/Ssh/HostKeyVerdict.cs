namespace DokkuDeploy.Core.Ssh;

public enum HostKeyVerdict
{
    /// <summary>A known_hosts line for this host has this exact key, or the key matches the pinned fingerprint.</summary>
    Trusted,

    /// <summary>Nothing is known about this host's keys of this type.</summary>
    Unknown,

    /// <summary>The host is known with another key of the same type, or the pinned fingerprint differs: possibly a man in the middle.</summary>
    Changed,

    /// <summary>The key is marked <c>@revoked</c>.</summary>
    Revoked,

    /// <summary>
    /// The host is known, but only by keys of other types: OpenSSH warns about this, since it may be a
    /// server that gained a key type or someone else answering. Never trusted on first use.
    /// </summary>
    KnownByOtherType,
}
