namespace DokkuDeploy.Core.Docker;

/// <summary>What a docker context says about its Docker endpoint; TLS files that do not exist are null.</summary>
public sealed record DockerContextEndpoint(
    string Name, string Host, bool SkipTlsVerify, string? CaPath, string? CertPath, string? KeyPath, string TlsDirectory);
