namespace DokkuDeploy.Core.Ssh;

/// <summary>The optional marker at the start of a known_hosts line.</summary>
public enum KnownHostMarker
{
    None,

    /// <summary><c>@revoked</c>: the key must never be accepted.</summary>
    Revoked,

    /// <summary><c>@cert-authority</c>: a CA for host certificates. DokkuDeploy does not check certificates and ignores these.</summary>
    CertAuthority,
}
