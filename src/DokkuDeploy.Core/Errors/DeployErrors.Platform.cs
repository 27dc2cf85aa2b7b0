namespace DokkuDeploy.Core.Errors;

// DOKKU1130-1134: the platform the image is built for, and the servers' platforms.
// DOKKU3015-3016: what the Docker engine here cannot do for another platform.
public static partial class DeployErrors
{
    /// <summary>A server's architecture could not be read from <c>dokku report</c>: the image is built as before, unchecked.</summary>
    public const string ServerPlatformUnknownWarning = "DOKKU1134";

    public static DeployException PlatformInvalid(string value) => new(
        "DOKKU1130",
        $"DokkuPlatform '{value}' is not a platform as Docker names one: os/architecture[/variant], such as linux/amd64, " +
        "linux/arm64 or linux/arm/v7. Set one of those, or leave it unset to build for each server's own architecture " +
        "(read once from `dokku report`).");

    /// <param name="source">Where the expected platform came from: "dokku@host runs" or "DokkuPlatform is".</param>
    /// <param name="platformSetting">DokkuPlatform, when it is what the image was built for and the server disagrees.</param>
    public static DeployException ImagePlatformMismatch(string image, string imagePlatform, string expected, string source, bool ownDockerfile, string? platformSetting = null) => new(
        "DOKKU1131",
        $"The image {image} is for {imagePlatform}, and {source} {expected}: its Docker would refuse to start the app " +
        "(\"exec format error\") only after the running release was replaced, so nothing was sent and nothing changed on the server. " +
        (platformSetting is not null
            ? $"The image was built for DokkuPlatform={platformSetting}: remove DokkuPlatform (the image then follows the server) or set it to {expected}."
            : ownDockerfile
                ? $"Build it for {expected}: remove a `--platform=` that pins another one from the Dockerfile's FROM lines (keep " +
                  $"`--platform=$BUILDPLATFORM` on build stages only), and use base images that have a {expected} variant (the official .NET images do)."
                : $"Set DokkuBaseImage to an image that has a {expected} variant (the official .NET images do)."));

    /// <param name="servers">Each server with its platform, e.g. "dokku@a runs linux/amd64".</param>
    public static DeployException ServerPlatformsDiffer(IReadOnlyList<string> servers) => new(
        "DOKKU1132",
        $"The servers of this deploy run different platforms ({string.Join("; ", servers)}), and one deploy builds one image. " +
        "Deploy to each group of servers of one platform on its own (one DokkuRemote each, or a -p:DokkuRemote per run).");

    public static DeployException AppHostForOtherArchitecture(string runtimeIdentifier, string platform, string source, string suggestedRid) => new(
        "DOKKU1133",
        $"The app was published for {runtimeIdentifier}, and {source} {platform}: its apphost and native libraries would not start there. " +
        $"Publish for that platform instead: `-r {suggestedRid}` (or <RuntimeIdentifier>{suggestedRid}</RuntimeIdentifier>), " +
        "or publish framework-dependent without a RuntimeIdentifier, which runs on any architecture the base image has.");

    public static string ServerPlatformUnknown(string server) =>
        $"Could not read the architecture of {server} from `dokku report`: the image is built for this machine's Docker engine and not " +
        "checked against the server. Set DokkuPlatform (linux/amd64, linux/arm64) to build for the server and check the image.";

    /// <param name="enginePlatform">The platform the engine runs natively, e.g. linux/amd64.</param>
    public static DeployException BuildNeedsEmulation(string platform, string enginePlatform, string dockerMessage) => new(
        "DOKKU3015",
        $"The image is built for {platform}, and a RUN step of the Dockerfile had to run a {platform} program, which this Docker engine " +
        $"({enginePlatform}) cannot: {dockerMessage.Trim()}. Let the engine's kernel run {platform} programs with QEMU through binfmt_misc: " +
        "on Debian or Ubuntu `apt-get install qemu-user-static binfmt-support` (registered with the F flag, so containers can use it), " +
        "elsewhere `docker run --privileged --rm tonistiigi/binfmt --install all`; Docker Desktop has it built in. Or do the work in a stage " +
        "`FROM --platform=$BUILDPLATFORM` that cross-compiles (`dotnet publish -a $TARGETARCH`), or build on the server with " +
        "DokkuDeployMethod=git. Nothing was sent to the server.");

    public static DeployException BaseImageLacksPlatform(string platform, string? image, string dockerMessage) => new(
        "DOKKU3016",
        $"The image is built for {platform}, and the base image {(image is null ? "of the Dockerfile" : $"'{image}'")} is not to be had for {platform}: " +
        $"the Docker engine has it for another platform only, or not at all, and could not pull it ({dockerMessage.Trim()}). Use a base image " +
        $"published for {platform} (the official .NET images are multi-platform: `docker pull --platform {platform} {image ?? "IMAGE"}`), " +
        "or set DokkuPlatform to the platform the server runs this image's kind of programs on. Nothing was sent to the server.");
}
