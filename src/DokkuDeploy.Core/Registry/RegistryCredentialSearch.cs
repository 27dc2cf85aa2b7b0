using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Registry;

/// <summary>What a credential lookup found for one registry, and every place it looked (for the message when it found nothing).</summary>
public sealed record RegistryCredentialSearch(string Registry, RegistryCredential? Credential, IReadOnlyList<string> Searched)
{
    public bool Found => Credential is not null;

    /// <summary>Where the credentials came from, or "no credentials (anonymous)".</summary>
    public string Describe() => Credential?.Source ?? "no credentials (an anonymous push)";

    /// <exception cref="DeployException"><see cref="DeployErrors.RegistryCredentialsNotFound"/> naming every place searched, when nothing was found.</exception>
    public RegistryCredential Required() => Credential ?? throw DeployErrors.RegistryCredentialsNotFound(Registry, Searched);
}
