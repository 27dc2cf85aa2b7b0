namespace DokkuDeploy.Core.Docker;

/// <summary>How the engine's TLS certificate is checked.</summary>
public enum DockerTlsVerification
{
    /// <summary>Against one CA file only (DOCKER_CERT_PATH/ca.pem, a context's ca.pem), never the system store.</summary>
    CertificateAuthority,

    /// <summary>Against the system's trusted roots: a context with client certificates but no CA of its own, or an https:// host.</summary>
    SystemStore,

    /// <summary>Not at all: a docker context with SkipTLSVerify, which the user turned off on purpose (warned about).</summary>
    None,
}

/// <summary>
/// The TLS files for one engine, and where they came from ("DOCKER_TLS_VERIFY", "context 'x'") for messages.
/// Paths only: the files are read when connecting (<see cref="DockerTlsAuthProvider.Load"/>).
/// </summary>
public sealed record DockerTls(DockerTlsVerification Verification, string? CaPath, string? CertPath, string? KeyPath, string Source)
{
    public string Describe() =>
        (Verification switch
        {
            DockerTlsVerification.CertificateAuthority => $"TLS, engine verified against {CaPath}",
            DockerTlsVerification.SystemStore => "TLS, engine verified against the system's trusted roots",
            _ => "TLS WITHOUT verifying the engine (SkipTLSVerify)",
        }) + (CertPath is null ? "" : $", client certificate {CertPath}");
}
