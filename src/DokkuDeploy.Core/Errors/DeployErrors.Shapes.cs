namespace DokkuDeploy.Core.Errors;

// DOKKU1135-1139: how the app was published does not fit the image it would run in.
// DOKKU6006: a check after the deploy that a worker cannot have.
public static partial class DeployErrors
{
    /// <summary>DokkuVerifyUrl was set for an app without a web process: nothing listens, so nothing is checked.</summary>
    public const string WorkerHasNoUrlWarning = "DOKKU6006";

    /// <summary>The app ships its own app.json, and it starts no worker process: Dokku scales non-web processes to 0.</summary>
    public const string WorkerNotScaledWarning = "DOKKU1139";

    public static DeployException AppHostNotForLinux(string shape, string runtimeIdentifier) => new(
        "DOKKU1135",
        $"The app is a {shape}: it starts with its own executable (the apphost), and " +
        (runtimeIdentifier.Length == 0 ? "it was published without a RuntimeIdentifier" : $"that executable was built for {runtimeIdentifier}") +
        ", which a Linux container cannot run. Publish for the server's Linux: `-r linux-x64` " +
        "(or linux-arm64, linux-musl-x64 for Alpine), e.g. <RuntimeIdentifier>linux-x64</RuntimeIdentifier> in the project.");

    /// <param name="imageVersion">The image's .NET, "10.0".</param>
    /// <param name="targetVersion">The target framework's, "8.0".</param>
    public static DeployException RuntimeDoesNotFit(string baseImage, string imageVersion, string targetVersion, bool imageIsOlder, string? rollForward) => new(
        "DOKKU1136",
        imageIsOlder
            ? $"The base image {baseImage} has .NET {imageVersion}, older than the app's target framework net{targetVersion}: " +
              $"the app would not start there. Set DokkuBaseImage to a {targetVersion} image (or leave it unset: " +
              "the image then follows the target framework)."
            : $"The base image {baseImage} has .NET {imageVersion}, and the app targets net{targetVersion}" +
              (rollForward is null ? ", with no roll-forward" : $" with RollForward={rollForward}") +
              $": a framework-dependent app starts only on its own major version unless it rolls forward, so it would exit with " +
              $"\"You must install or update .NET\" after the old release was replaced. Let it run on .NET {imageVersion}: " +
              "<RollForward>Major</RollForward> in the project (or DOTNET_ROLL_FORWARD=Major in DokkuConfig), " +
              $"or set DokkuBaseImage to a {targetVersion} image.");

    public static DeployException OlderFrameworkImageMissing(string baseImage, string targetFramework, int machineMajor, string suggestedImage, DeployException? inner) => new(
        "DOKKU1137",
        $"The base image {baseImage} follows the app's target framework {targetFramework}, and the Docker engine neither has it nor " +
        $"could pull it ({inner?.Message.Split(". ", 2)[0].Trim() ?? "not found"}). Pull it where the engine can (`docker pull {baseImage}`), " +
        $"or run the app on .NET {machineMajor}, the runtime this build uses: <RollForward>Major</RollForward> in the project and " +
        $"DokkuBaseImage={suggestedImage}, or retarget the app to net{machineMajor}.0.",
        inner);

    public static DeployException ProcessTypeInvalid(string value) => new(
        "DOKKU1138",
        $"DokkuProcessType '{value}' is neither web nor worker. Use web for an app that serves HTTP (the default for ASP.NET Core apps), " +
        "worker for one that does not (the default for console and worker-service apps), or leave it unset.");

    public static string WorkerHasNoUrl(string app) =>
        $"'{app}' runs as a worker process: no port, no URL, so DokkuVerifyUrl was not checked. Its output is in `dotnet build -t:DokkuLogs`; " +
        "set DokkuProcessType=web if the app does serve HTTP.";

    public static string WorkerNotScaled(string appJson) =>
        $"The app's own {appJson} gives no formation for the worker process, and Dokku runs non-web processes only when scaled: " +
        "the deploy would start nothing. Add \"formation\": {\"worker\": {\"quantity\": 1}} to it, or run `ps:scale APP worker=1` once.";
}
