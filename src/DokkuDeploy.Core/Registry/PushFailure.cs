using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Registry;

/// <summary>
/// Turns the engine's words for a failed push into a coded error. The texts are the Docker engine's
/// and the distribution registry's (20.10 to 28): a refused login, a denied repository, a registry
/// out of reach, a plain-HTTP registry the engine wants HTTPS from.
/// </summary>
static class PushFailure
{
    public static DeployException Classify(string dockerMessage, RegistryImage image, RegistryCredentialSearch credentials)
    {
        var registry = image.Registry.Host;
        var text = dockerMessage;
        if (Has(text, "server gave HTTP response to HTTPS client"))
        {
            return DeployErrors.RegistryNotTls(registry, image.Reference, text);
        }

        if (Has(text, "no basic auth credentials") || (!credentials.Found && IsUnauthorized(text)))
        {
            return DeployErrors.RegistryCredentialsNotFound(registry, credentials.Searched);
        }

        if (IsUnauthorized(text))
        {
            return DeployErrors.RegistryLoginRefused(registry, image.Reference, credentials.Describe(), text);
        }

        if (Has(text, "denied") || Has(text, "forbidden"))
        {
            return DeployErrors.RegistryPushDenied(registry, image.Reference, credentials.Describe(), text);
        }

        if (Has(text, "connection refused") || Has(text, "no such host") || Has(text, "i/o timeout") || Has(text, "network is unreachable")
            || Has(text, "no route to host") || Has(text, "TLS handshake timeout") || Has(text, "dial tcp"))
        {
            return DeployErrors.RegistryUnreachable(registry, image.Reference, text);
        }

        return DeployErrors.RegistryPushFailed(registry, image.Reference, text);
    }

    static bool IsUnauthorized(string text) =>
        Has(text, "unauthorized") || Has(text, "authentication required") || Has(text, "401 Unauthorized") || Has(text, "incorrect username or password");

    static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
