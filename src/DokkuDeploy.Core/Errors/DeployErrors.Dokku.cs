namespace DokkuDeploy.Core.Errors;

public static partial class DeployErrors
{
    public static DeployException DokkuAppNotFound(string app, string server, string sshCommand) => new(
        "DOKKU5001",
        $"App '{app}' does not exist on {server}. Dokku deploys only into an app that was created first. " +
        $"Create it with `{sshCommand} apps:create {app}` or set DokkuCreateApp=true.");

    public static DeployException DokkuRejectedAppName(string app, string server, string dokkuMessage) => new(
        "DOKKU5002",
        $"{server} refused to create app '{app}': {dokkuMessage}. Choose an app name Dokku accepts " +
        "(lowercase letters, digits, dots and hyphens, starting with a letter or digit) and set DokkuApp.");

    public static DeployException DokkuCommandFailed(string command, string server, int exitCode, string dokkuMessage) => new(
        "DOKKU5003",
        $"`{command}` failed on {server} with exit code {exitCode}: {dokkuMessage}. " +
        "Read Dokku's message above; run the same command with `ssh` to investigate, fix the cause on the server, and deploy again.");

    public static DeployException DokkuSshFailed(string command, string server, string sshCommand) => new(
        "DOKKU5004",
        $"`{command}` on {server} ended with exit code 255: the SSH connection or the server's forced command failed before Dokku answered. " +
        $"Check that `{sshCommand} version` works from this machine (key, user, port, host key), then deploy again.");

    public static DeployException DokkuCommandUnknown(string command, string server, string sshCommand, string minimumVersion) => new(
        "DOKKU5005",
        $"{server} does not know the command `{command}`: the server runs a Dokku older than {minimumVersion}, or it is not Dokku. " +
        $"Upgrade Dokku on the server to {minimumVersion} or later (check with `{sshCommand} version`).");

    public static DeployException DokkuHealthChecksFailed(string app, string server, string dokkuMessage) => new(
        "DOKKU5006",
        $"Dokku on {server} did not switch app '{app}' to the new image because its checks failed: {dokkuMessage}. " +
        "Any previous release keeps running. Read the container output above (does the app start and listen on the port Dokku expects?), " +
        "fix the app or its app.json healthchecks, and deploy again.");

    /// <summary>The codes of <see cref="DokkuImageTarRejected"/> and <see cref="DokkuDeployFailed"/>: after a thin transfer either may mean the server cannot take one.</summary>
    public const string DokkuImageTarRejectedCode = "DOKKU5007";

    /// <inheritdoc cref="DokkuImageTarRejectedCode"/>
    public const string DokkuDeployFailedCode = "DOKKU5008";

    /// <param name="layersMissing">Dokku's load named a layer file the stream left out (see <see cref="DeployException.LayersMissing"/>).</param>
    public static DeployException DokkuImageTarRejected(string app, string server, string dokkuMessage, bool layersMissing = false) => new(
        DokkuImageTarRejectedCode,
        $"Dokku on {server} could not load the image sent for app '{app}': {dokkuMessage}. The image stream was cut short or is not a `docker save` tar. " +
        "Check the network and the local Docker engine, then deploy again; if it repeats with a layer-skipping (incremental) upload, send the full image.")
    {
        LayersMissing = layersMissing,
    };

    /// <param name="layersMissing">Dokku's load named a layer file the stream left out (see <see cref="DeployException.LayersMissing"/>).</param>
    public static DeployException DokkuDeployFailed(
        string app, string server, string sshCommand, int exitCode, string dokkuMessage, bool explained, bool layersMissing = false) => new(
        DokkuDeployFailedCode,
        explained
            ? $"Dokku on {server} failed to deploy app '{app}' (exit code {exitCode}): {dokkuMessage}. " +
              "Read Dokku's output above for the step that failed, fix the cause, and deploy again."
            : $"Dokku on {server} failed to deploy app '{app}' (exit code {exitCode}) without an error message; its last lines were: {dokkuMessage}. " +
              $"Dokku's warnings above are not the cause. Read the lines above; to see the step that failed, turn on tracing with `{sshCommand} trace:on`, deploy again to see the failing step, then `{sshCommand} trace:off`.")
    {
        LayersMissing = layersMissing,
    };

    /// <summary>A thin transfer found the server without the layers it left out, so the full image went once more.</summary>
    public const string ImageResentInFullWarning = "DOKKU5011";

    public static string ImageResentInFull() =>
        "The server no longer has the layers of the last deploy (its images were removed, or its engine needs every layer), " +
        "so the image is sent again in full. Nothing to do: the next deploy sends only what changed.";

    public static DeployException DokkuAppVanished(string app, string server, string sshCommand, string command, string seen, string dokkuMessage) => new(
        "DOKKU5012",
        $"Dokku on {server} answered `{command}` with \"app does not exist\" (exit code 20) for app '{app}', which {seen} earlier in this deploy: " +
        $"the server contradicts itself ({dokkuMessage}). Creating the app again would not help. Check the server: `{sshCommand} report {app}` and `{sshCommand} apps:list`; " +
        $"`{sshCommand} trace:on` and a new deploy show the failing step (often a plugin, disk space or permissions under /home/dokku).");

    public static DeployException DokkuConfigSetFailed(string app, string server, string sshCommand, int exitCode, string dokkuMessage) => new(
        "DOKKU5009",
        $"Dokku on {server} failed to set the config of app '{app}' (exit code {exitCode}): {dokkuMessage}. " +
        $"Values are never shown. Check the variable names, run `{sshCommand} config:keys {app}` to see what is set, and deploy again.");

    /// <summary>The deploy failed after it had set config, and putting the old config back failed too.</summary>
    public const string ConfigNotRestoredWarning = "DOKKU5013";

    public static string ConfigNotRestored(string app, string server, string sshCommand, IEnumerable<string> replaced, IEnumerable<string> added, string reason)
    {
        var replacedKeys = replaced.Order(StringComparer.Ordinal).ToList();
        var addedKeys = added.Order(StringComparer.Ordinal).ToList();
        return $"The deploy to {server} failed after it had set config of app '{app}', and putting the old config back failed too ({reason.TrimEnd('.')}): " +
            "the new values stay stored and the running release takes them at its next restart. " +
            (replacedKeys.Count > 0 ? $"Set {string.Join(", ", replacedKeys)} back with `{sshCommand} config:set --no-restart {app} KEY=VALUE` (old values are secrets and not shown). " : "") +
            (addedKeys.Count > 0 ? $"Remove the new keys with `{sshCommand} config:unset --no-restart {app} {string.Join(" ", addedKeys)}`. " : "") +
            "Or deploy again: a successful deploy releases them together.";
    }

    /// <summary>The server has no usable config:import, so values go with config:set --encoded (said once per server per run).</summary>
    public const string ConfigImportMissingWarning = "DOKKU5014";

    public static string ConfigImportMissing(string server, string sshCommand, string reason) =>
        $"{server} has no config:import that DokkuDeploy can use: {reason}. Config values go to it with `config:set --encoded` instead, " +
        "so while that command runs each value (base64-encoded, which hides nothing) is on the server's process list, where every local user of the server " +
        $"can read it with `ps`. Upgrade Dokku on the server to 0.37 or later (`{sshCommand} version` shows the version); nothing else changes.";

    public static DeployException DokkuUnexpectedOutput(string command, string server, string output) => new(
        "DOKKU5010",
        $"`{command}` on {server} answered something DokkuDeploy does not understand: '{output}'. " +
        "Make sure the SSH user runs Dokku's forced command (the user is normally 'dokku'), then deploy again.");
}
