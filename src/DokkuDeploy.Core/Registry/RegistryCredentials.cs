using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Registry;

/// <summary>
/// Finds the login for a registry the way a CI job and the docker CLI would give it:
/// 1. DOKKU_REGISTRY_USERNAME and DOKKU_REGISTRY_PASSWORD (both, or neither);
/// 2. the Docker config ($DOCKER_CONFIG/config.json, else ~/.docker/config.json): the registry's
///    <c>credHelpers</c> entry, else <c>credsStore</c>, each run as <c>docker-credential-NAME get</c>;
///    then a login stored in <c>auths</c>.
/// Nothing found is not an error here: a registry without auth takes an anonymous push.
/// </summary>
public sealed class RegistryCredentials(Func<string, string?> environment, string? homeDirectory = null)
{
    public const string UsernameVariable = "DOKKU_REGISTRY_USERNAME";
    public const string PasswordVariable = "DOKKU_REGISTRY_PASSWORD";

    public async Task<RegistryCredentialSearch> FindAsync(RegistryLocation registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var searched = new List<string>();
        var server = registry.ServerAddress;

        var username = Blank(environment(UsernameVariable));
        var password = Blank(environment(PasswordVariable));
        searched.Add($"{UsernameVariable}/{PasswordVariable}");
        switch (username, password)
        {
            case ({ } u, { } p):
                return new RegistryCredentialSearch(registry.Host, new RegistryCredential(u, p, $"{UsernameVariable}/{PasswordVariable}"), searched);
            case ({ }, null):
                throw DeployErrors.RegistryCredentialsIncomplete(UsernameVariable, PasswordVariable);
            case (null, { }):
                throw DeployErrors.RegistryCredentialsIncomplete(PasswordVariable, UsernameVariable);
        }

        var path = DockerConfigFile.Locate(environment, homeDirectory);
        var config = DockerConfigFile.Read(path);
        if (config is null)
        {
            searched.Add($"{path} (no such file)");
            return new RegistryCredentialSearch(registry.Host, null, searched);
        }

        var helperName = config.CredHelpers.FirstOrDefault(h => RegistryHostName.Of(h.Key) == RegistryHostName.Of(server)).Value;
        if (!string.IsNullOrWhiteSpace(helperName))
        {
            var helper = new CredentialHelper(helperName.Trim(), environment);
            searched.Add($"{helper.Program} (credHelpers in {path})");
            if (await helper.GetAsync(server, $"{helper.Program} (credHelpers in {path})", cancellationToken).ConfigureAwait(false) is { } fromHelper)
            {
                return new RegistryCredentialSearch(registry.Host, fromHelper, searched);
            }
        }
        else if (config.CredsStore is { } store)
        {
            var helper = new CredentialHelper(store, environment);
            searched.Add($"{helper.Program} (credsStore in {path})");
            if (await helper.GetAsync(server, $"{helper.Program} (credsStore in {path})", cancellationToken).ConfigureAwait(false) is { } fromStore)
            {
                return new RegistryCredentialSearch(registry.Host, fromStore, searched);
            }
        }

        searched.Add($"{path} (auths)");
        return new RegistryCredentialSearch(registry.Host, config.FindAuth(server), searched);
    }

    static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
