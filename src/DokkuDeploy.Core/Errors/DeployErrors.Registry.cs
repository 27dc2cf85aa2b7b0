namespace DokkuDeploy.Core.Errors;

/// <summary>DOKKU70xx: the registry deploy method (credentials, push, the server's pull and login).</summary>
public static partial class DeployErrors
{
    public static DeployException RegistryNameInvalid(string value, string reason) => new(
        "DOKKU7001",
        $"DokkuRegistry is '{value}', which is not a registry to push to: {reason}. " +
        "Give the registry's host (with its port when it has one) and an optional namespace, without a scheme or tag: " +
        "registry.example.com, registry.example.com/team or 127.0.0.1:5000.");

    public static DeployException RegistryCredentialsIncomplete(string present, string missing) => new(
        "DOKKU7002",
        $"{present} is set but {missing} is not, so DokkuDeploy cannot log in to the registry with them. " +
        "Set both (the password from a CI secret), or neither to use the Docker config's credentials (`docker login`).");

    public static DeployException RegistryCredentialsNotFound(string registry, IReadOnlyList<string> searched) => new(
        "DOKKU7003",
        $"The registry {registry} asks for a login, and no credentials for it were found. Looked in: {string.Join("; ", searched)}. " +
        $"Run `docker login {registry}` on this machine, or set DOKKU_REGISTRY_USERNAME and DOKKU_REGISTRY_PASSWORD (e.g. from a CI secret).");

    public static DeployException RegistryCredentialHelperFailed(string helper, string registry, string reason, Exception? inner = null) => new(
        "DOKKU7004",
        $"The Docker credential helper '{helper}' could not give the credentials for {registry}: {reason.Trim().TrimEnd('.')}. " +
        $"Check that {helper} is installed and on PATH and that `echo {registry} | {helper} get` works, " +
        "or set DOKKU_REGISTRY_USERNAME and DOKKU_REGISTRY_PASSWORD instead.",
        inner);

    public static DeployException RegistryDockerConfigUnreadable(string path, string reason, Exception? inner = null) => new(
        "DOKKU7005",
        $"The Docker config {path} could not be read for registry credentials: {reason.Trim().TrimEnd('.')}. " +
        "Fix or remove the file (`docker login` rewrites it), point DOCKER_CONFIG at a good one, " +
        "or set DOKKU_REGISTRY_USERNAME and DOKKU_REGISTRY_PASSWORD instead.",
        inner);

    public static DeployException RegistryLoginRefused(string registry, string image, string credentialSource, string dockerMessage) => new(
        "DOKKU7010",
        $"The registry {registry} refused the login for pushing {image}: {dockerMessage.Trim().TrimEnd('.')}. " +
        $"The credentials came from {credentialSource}: the user name or password is wrong, or expired. " +
        $"Log in again (`docker login {registry}`) or fix DOKKU_REGISTRY_USERNAME/DOKKU_REGISTRY_PASSWORD. Nothing was deployed.");

    public static DeployException RegistryPushDenied(string registry, string image, string credentialSource, string dockerMessage) => new(
        "DOKKU7011",
        $"The registry {registry} denied the push of {image}: {dockerMessage.Trim().TrimEnd('.')}. " +
        $"The login (from {credentialSource}) worked but may not write to this repository: " +
        "check the account's rights, or point DokkuRegistry at a namespace it may push to. Nothing was deployed.");

    public static DeployException RegistryUnreachable(string registry, string image, string dockerMessage) => new(
        "DOKKU7012",
        $"The Docker engine could not reach the registry {registry} to push {image}: {dockerMessage.Trim().TrimEnd('.')}. " +
        "Check DokkuRegistry's host and port, and that the registry runs and this machine reaches it. Nothing was deployed.");

    public static DeployException RegistryNotTls(string registry, string image, string dockerMessage) => new(
        "DOKKU7013",
        $"The registry {registry} speaks plain HTTP, and the Docker engine will only push to it over HTTPS: {dockerMessage.Trim().TrimEnd('.')}. " +
        $"Give the registry TLS, or add \"{registry}\" to \"insecure-registries\" in the daemon.json of this machine's engine " +
        "AND of the Dokku server's engine (which pulls from it), then restart them. Nothing was deployed.");

    public static DeployException RegistryPushFailed(string registry, string image, string dockerMessage) => new(
        "DOKKU7014",
        $"Pushing {image} to the registry {registry} failed: {dockerMessage.Trim().TrimEnd('.')}. " +
        "The lines above show the push; check the registry's log and free space, then deploy again. Nothing was deployed.");

    /// <param name="sshCommand">How the user reaches the server, e.g. `ssh -p 2222 dokku@host`.</param>
    public static DeployException RegistryServerPullUnauthorized(string app, string server, string image, string registry, string output, string sshCommand) => new(
        "DOKKU7020",
        $"Dokku on {server} could not pull {image} for '{app}': the registry {registry} wants a login the server does not have. Dokku said: {output}. " +
        $"Log the server in once (`echo \"$PASSWORD\" | {sshCommand} registry:login --global --password-stdin {registry} USER`), " +
        "or set DokkuRegistryLoginServer=true to log it in with the push credentials on every deploy. The running app was not changed.");

    public static DeployException RegistryServerPullNotTls(string app, string server, string image, string registry, string output) => new(
        "DOKKU7021",
        $"Dokku on {server} could not pull {image} for '{app}': its Docker engine will only use {registry} over HTTPS, and the registry speaks plain HTTP. Dokku said: {output}. " +
        $"Give the registry TLS, or add \"{registry}\" to \"insecure-registries\" in /etc/docker/daemon.json on {server} and restart Docker there. The running app was not changed.");

    public static DeployException RegistryServerPullFailed(string app, string server, string image, string registry, string output) => new(
        "DOKKU7022",
        $"Dokku on {server} could not pull {image} for '{app}' from {registry}: {output}. " +
        $"Check that {server} reaches {registry} (`docker pull {image}` there). The running app was not changed.");

    public static DeployException RegistryServerLoginFailed(string server, string registry, string output) => new(
        "DOKKU7023",
        $"Dokku on {server} could not log in to the registry {registry} (registry:login): {output}. " +
        $"The credentials that pushed the image were refused from the server, or the server cannot reach {registry}: " +
        "give the server a login of its own (`dokku registry:login --global`) and set DokkuRegistryLoginServer=false. The running app was not changed.");
}
