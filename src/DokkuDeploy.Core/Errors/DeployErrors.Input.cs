namespace DokkuDeploy.Core.Errors;

public static partial class DeployErrors
{
    private const string AcceptedRemoteForms =
        "Accepted forms: dokku@host:app, host:app (user dokku), ssh://dokku@host:port/app, ssh://dokku@host/app, " +
        "dokku@[::1]:app, ssh://dokku@[::1]:2222/app; a trailing .git or / is ignored.";

    public static DeployException InvalidDokkuRemote(string text, string reason) => new(
        "DOKKU1001",
        $"The Dokku remote '{text}' cannot be read: {reason}. {AcceptedRemoteForms} " +
        "Set DokkuRemote to one of these forms, or set DokkuHost and DokkuApp instead.");

    public static DeployException DokkuHostMissing() => new(
        "DOKKU1002",
        "No Dokku server was given: DokkuHost (or DokkuRemote) is empty. DokkuDeploy needs to know which server to deploy to. " +
        "Set DokkuHost to the server's name or address (optionally user@host:port), or DokkuRemote to e.g. dokku@host:app.");

    public static DeployException InvalidDokkuHost(string host, string reason) => new(
        "DOKKU1003",
        $"The Dokku host '{host}' cannot be read: {reason}. Accepted forms: host, user@host, host:port, user@host:port, " +
        "[::1], [::1]:2222, ssh://user@host:port. Fix DokkuHost and deploy again.");

    public static DeployException DokkuAppMissing() => new(
        "DOKKU1004",
        "No Dokku app name was given: DokkuApp (or the app part of DokkuRemote) is empty. Dokku deploys into a named app. " +
        "Set DokkuApp (for example to the project name in lowercase), or DokkuRemote to dokku@host:app.");

    public static DeployException InvalidAppName(string name, string suggestion) => new(
        "DOKKU1005",
        $"'{name}' is not a valid Dokku app name: Dokku requires a name that begins with a lowercase letter or digit and " +
        "contains only lowercase letters, digits, dots and hyphens. " +
        $"Use a valid name instead, for example '{suggestion}' (set DokkuApp or the app part of DokkuRemote).");

    public static DeployException InvalidConfigKey(string key, string reason) => new(
        "DOKKU1006",
        $"The config variable name '{key}' cannot be sent to Dokku: {reason}. " +
        "Use a name made of letters, digits and underscores that does not start with a digit (for example ConnectionStrings__Db).");

    public static DeployException ArgumentNotPlainToken(string command, string argument) => new(
        "DOKKU1007",
        $"'{argument}' cannot be passed to `{command}`: Dokku splits the arguments of its git commands on whitespace only, " +
        "without quoting, so they must be plain tokens made of letters, digits and . _ - : / @ + = , characters. " +
        "Use an app name and image reference without spaces, quotes or other special characters.");

    public static DeployException ArgumentNotTransmittable(string command, string reason) => new(
        "DOKKU1008",
        $"An argument of `{command}` cannot be sent to Dokku: {reason}. Dokku receives the command line as one text string. " +
        "Remove the character from the value (config values are sent base64-encoded and may contain anything).");

    public static DeployException CommandTooLong(string command, int length, int maximum) => new(
        "DOKKU1009",
        $"The `{command}` command line is {length} characters long, more than the {maximum} Dokku can take in one go " +
        "(it re-splits the line with xargs, which would run the command in pieces). " +
        "Send fewer or shorter values at a time, e.g. keep large configuration in a file or secret store.");
}
