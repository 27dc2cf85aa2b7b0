namespace DokkuDeploy.Core.Errors;

public static partial class DeployErrors
{
    public static DeployException NoRemote() => new(
        "DOKKU1101",
        "No Dokku server to deploy to: DokkuRemote is not set, the git repository has no remote named 'dokku', " +
        "and neither DOKKU_REMOTE nor DOKKU_HOST is set. Tell DokkuDeploy where to go, for example " +
        "`dotnet publish -t:DokkuDeploy -p:DokkuRemote=dokku@your-server:your-app`, or once for the repository: " +
        "`git remote add dokku dokku@your-server:your-app`.");

    public static DeployException ConfigValueMissing(string key, string variable) => new(
        "DOKKU1102",
        $"The config value '{key}' should come from the environment variable '{variable}', which is not set. " +
        $"Set {variable} in the environment of the build (on a build server: as a secret variable), or remove the DokkuConfig item.");

    public static DeployException EntryAssemblyMissing(string path) => new(
        "DOKKU1104",
        $"The publish output has no '{Path.GetFileName(path)}' (looked in {Path.GetDirectoryName(path)}). " +
        "DokkuDeploy deploys what `dotnet publish` produced: check that the publish step succeeded, or give the project a Dockerfile.");

    public static DeployException DockerfileMissing(string path) => new(
        "DOKKU1105",
        $"The Dockerfile '{path}' named by DokkuDockerfile does not exist. Fix the path, or remove DokkuDockerfile to use the generated one.");

    public static DeployException InvalidPort(string value) => new(
        "DOKKU1106",
        $"DokkuContainerPort '{value}' is not a TCP port (1–65535). Use the port your app listens on inside the container (default 5000, the PORT Dokku sets).");

    /// <summary>The project's git repository could not be read: the image is tagged 'latest', and no 'dokku' remote is seen.</summary>
    public const string GitRepositoryUnreadableWarning = "DOKKU1107";

    public static string GitRepositoryUnreadable(string directory, string reason) =>
        $"Could not read the git repository of {directory} ({reason}), so the image is tagged 'latest' " +
        "and carries no revision label, and a git remote named 'dokku' is not seen. If the repository belongs to another user, " +
        "mark it safe (`git config --global --add safe.directory PATH`); otherwise set DokkuRemote and DokkuImageTag.";

    public static DeployException DockerfileOutsideContext(string dockerfile, string context) => new(
        "DOKKU1108",
        $"The Dockerfile {dockerfile} lies outside its build context {context}, so Docker would not receive it. " +
        "Set DokkuDockerContext to a folder that contains the Dockerfile (the repository root, say), or move the Dockerfile into the context.");

    public static DeployException DotnetSdkNotFound(string build, string version, string globalJson) => new(
        "DOKKU1120",
        $"{build} failed because the .NET SDK refused to run: {globalJson} pins SDK {version}, and the image's SDK does not match it. " +
        "The app was not released. Let the pin roll forward to the SDK the image has (in global.json's \"sdk\" section: \"rollForward\": \"latestMajor\"), " +
        $"or build on an SDK image that has {version} (FROM mcr.microsoft.com/dotnet/sdk:X.Y); then deploy again.");

    public static DeployException PackageSourceMappingExcludes(string build, string package, string sources) => new(
        "DOKKU1121",
        $"{build} failed because restore could not find the package '{package}': nuget.config's package source mapping " +
        (sources.Length > 0 ? $"kept it from the source(s) {sources}. " : "maps it to no source that has it. ") +
        $"The app was not released. Add <package pattern=\"{package}\" /> to the <packageSource key=\"…\"> of the feed that serves it, " +
        "inside <packageSourceMapping> in nuget.config, and make that feed reachable from the build; then deploy again.");

    public static DeployException LocalPackageSourceMissing(string build, string path) => new(
        "DOKKU1122",
        $"{build} failed because restore could not find the package folder '{path}' that nuget.config names: a local feed outside the " +
        "Docker build context is not in the image. The app was not released. Copy the feed into the build context and COPY it before the restore, " +
        "or keep the package that needs it out of the container's restore (a Condition on its PackageReference); then deploy again.");
}
