namespace DokkuDeploy.Core.Registry;

/// <summary>
/// A login for one registry and where it came from. The secret is a password, or an identity token
/// when a credential helper answers with the user name "&lt;token&gt;" (as the docker CLI reads it).
/// ToString never shows the secret.
/// </summary>
public sealed class RegistryCredential
{
    const string TokenUser = "<token>";

    public RegistryCredential(string username, string secret, string source)
    {
        Username = username ?? throw new ArgumentNullException(nameof(username));
        Secret = secret ?? throw new ArgumentNullException(nameof(secret));
        Source = source ?? throw new ArgumentNullException(nameof(source));
    }

    public string Username { get; }

    public string Secret { get; }

    /// <summary>Where it was found, for messages: "DOKKU_REGISTRY_USERNAME/PASSWORD", "/root/.docker/config.json (auths)"…</summary>
    public string Source { get; }

    public bool IsIdentityToken => Username == TokenUser;

    public override string ToString() => IsIdentityToken ? $"an identity token (from {Source})" : $"user '{Username}' (from {Source})";
}
