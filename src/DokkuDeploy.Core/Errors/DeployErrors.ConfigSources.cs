namespace DokkuDeploy.Core.Errors;

/// <summary>Where DokkuConfig values come from: the project, the environment, the user-secrets store, a file. No message holds a value.</summary>
public static partial class DeployErrors
{
    private const string SecretSources =
        "FromEnvironment=\"VARIABLE\" (an environment variable, e.g. a build server's secret variable), " +
        "FromUserSecrets=\"Name\" (the project's `dotnet user-secrets` store) or FromFile=\"path\" (a file kept out of the repository)";

    /// <summary>A secret-looking DokkuConfig item has its value written in the project.</summary>
    public const string ConfigValueInProjectWarning = "DOKKU1113";

    public static string ConfigValueInProject(string key) =>
        $"The DokkuConfig item '{key}' has its value written in the project (Value=), and its name looks like a secret's. " +
        "MSBuild records every item's metadata in binary logs (-bl, and the build logs of IDEs and build servers), so this value is in every one of them. " +
        $"Take it from {SecretSources} instead. If it is no secret, silence this with <MSBuildWarningsAsMessages>DOKKU1113</MSBuildWarningsAsMessages>.";

    public static DeployException UserSecretsIdMissing(string key, string reason) => new(
        "DOKKU1114",
        $"The config value '{key}' should come from the project's user secrets (FromUserSecrets), but {reason}. " +
        "Run `dotnet user-secrets init` in the project folder (it adds <UserSecretsId> to the project) and `dotnet user-secrets set NAME VALUE`, " +
        "or take the value from FromEnvironment or FromFile.");

    public static DeployException UserSecretsFileMissing(string key, string path) => new(
        "DOKKU1115",
        $"The config value '{key}' should come from the project's user secrets (FromUserSecrets), and there is no user-secrets store at '{path}'. " +
        "No secret has been set for this project on this machine (or for this user). Set it with `dotnet user-secrets set NAME VALUE` in the project folder; " +
        "on a build server, where no user secrets exist, take the value from FromEnvironment instead.");

    public static DeployException UserSecretsFileInvalid(string key, string path, string reason) => new(
        "DOKKU1116",
        $"The config value '{key}' should come from the project's user secrets (FromUserSecrets), and the store '{path}' cannot be used: {reason}. " +
        "Fix the file (it must hold one JSON object, as `dotnet user-secrets set` writes it), or list what it holds with `dotnet user-secrets list`.");

    public static DeployException UserSecretNotFound(string key, string name, string path) => new(
        "DOKKU1117",
        $"The config value '{key}' should come from the user secret '{name}', which the project's store '{path}' does not hold " +
        "(nested JSON keys are joined with ':', e.g. Db:Password; case does not matter). " +
        $"Set it with `dotnet user-secrets set \"{name}\" VALUE` in the project folder, or fix FromUserSecrets (`dotnet user-secrets list` shows the names).");

    public static DeployException ConfigFileUnreadable(string key, string path, string reason) => new(
        "DOKKU1118",
        $"The config value '{key}' should come from the file '{path}' (FromFile), and {reason}. " +
        "Create the file with the value as its content (one final line ending is dropped), or fix the path (a relative one starts at the project folder).");

    public static DeployException ConfigSourcesConflict(string key, IEnumerable<string> sources) => new(
        "DOKKU1119",
        $"The DokkuConfig item '{key}' names more than one source for its value ({string.Join(", ", sources)}), so which one wins would be a guess. " +
        $"Keep exactly one: Value=\"…\" (written in the project, recorded in binary logs), {SecretSources}.");
}
