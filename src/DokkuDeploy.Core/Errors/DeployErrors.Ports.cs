namespace DokkuDeploy.Core.Errors;

public static partial class DeployErrors
{
    public static DeployException PortsSettingInvalid(string value, IReadOnlyList<string> badWords) => new(
        "DOKKU1125",
        $"DokkuPorts '{value}' has words that are not Dokku port mappings: {string.Join(", ", badWords)}. " +
        "Give scheme:host-port:container-port mappings separated by spaces (for example http:80:8080), " +
        "false to leave the app's port map to Dokku, or leave DokkuPorts empty to route port 80 to the port the app listens on.");

    /// <summary>The app's own port map sends nothing to the port the app listens on; DokkuDeploy leaves it alone.</summary>
    public const string PortMapMissesWarning = "DOKKU6004";

    public static string PortMapMisses(string app, string map, int port, string evidence, string sshCommand) =>
        $"The port map of app '{app}' ({map}) sends nothing to port {port}, where the app listens ({evidence}), so the app may not answer on its URL. " +
        $"DokkuDeploy leaves a map you set alone: route port 80 to the app with `{sshCommand} ports:set {app} http:80:{port}`, " +
        $"set DokkuPorts=http:80:{port} to have every deploy keep it so, or set DokkuContainerPort if the app listens elsewhere.";

    /// <summary>The deploy failed after it had set the port map, and putting the old map back failed too.</summary>
    public const string PortsNotRestoredWarning = "DOKKU5017";

    public static string PortsNotRestored(string app, string server, string sshCommand, string before, string reason) =>
        $"The deploy to {server} failed after it had set the port map of app '{app}', and putting the old map back failed too ({reason.TrimEnd('.')}): " +
        "the running release is now routed by the new map. " +
        (before.Length == 0
            ? $"Clear it with `{sshCommand} ports:clear {app}` to have Dokku route by the image again, or deploy again."
            : $"Set it back with `{sshCommand} ports:set {app} {before}`, or deploy again.");
}
