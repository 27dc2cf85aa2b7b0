namespace DokkuDeploy.Core.Errors;

// DOKKU2xxx: the Dockerfile and the build context. 2001-2099 are errors (factories below),
// 2101-2199 are warning codes passed to IDeployLog.Warning, except the context-parity errors 2105, 2107
// and 2109, which sit next to the parity warnings 2106 and 2108.
public static partial class DeployErrors
{
    /// <summary>A symlink in the context points outside the context directory (or is absolute): sent as Docker sends it, but it will not resolve in the image.</summary>
    public const string SymlinkOutsideContextWarning = "DOKKU2101";

    /// <summary>A FIFO, socket or device file in the context; it was left out.</summary>
    public const string SpecialFileSkippedWarning = "DOKKU2102";

    /// <summary>A file name that is not valid UTF-8; it was left out.</summary>
    public const string NonUtf8NameSkippedWarning = "DOKKU2103";

    /// <summary>The only health endpoint found is mapped where the deployed app does not run it; no healthcheck was added.</summary>
    public const string HealthEndpointNotDeployedWarning = "DOKKU2104";

    public static string HealthEndpointNotDeployed(string path, string file, int line, string reason) =>
        $"{file}({line}) maps the health endpoint {path} only {reason}: the deployed app would answer it with 404 and Dokku's " +
        "healthcheck would refuse every release, so no app.json healthcheck was added (Dokku waits its default 10 s instead). " +
        $"Map {path} outside the environment check, or set DokkuHealthCheckPath to a path the app serves in production " +
        "(DokkuHealthCheckPath=false: no healthcheck and no warning).";

    /// <summary>.dockerignore is UTF-16 or UTF-32: Docker applies none of its patterns, and neither does DokkuDeploy.</summary>
    public const string DockerIgnoreNotUtf8Warning = "DOKKU2106";

    /// <summary>A file has capabilities (the security.capability xattr), which Docker would send; they were not.</summary>
    public const string CapabilitiesNotSentWarning = "DOKKU2108";

    public static string DockerIgnoreNotUtf8(string path) =>
        $"{path} is UTF-16 or UTF-32 text (PowerShell's '>' writes UTF-16), but Docker reads .dockerignore as UTF-8: " +
        "none of its patterns match anything, so Docker sends the whole context, and so does DokkuDeploy. " +
        "Save it as UTF-8 (in PowerShell: Set-Content -Encoding utf8, or Out-File -Encoding utf8).";

    public static string CapabilitiesNotSent(string path) =>
        $"{path} has file capabilities (the security.capability attribute, as setcap sets them). Docker would send them; " +
        "DokkuDeploy's reproducible tar does not carry extended attributes, so the file reaches the image without them. " +
        "Set them in the Dockerfile instead (RUN setcap ...), or add the file to .dockerignore to silence this warning.";

    public static DeployException DockerIgnoreOutsideContext(string path, string target, string context) =>
        new("DOKKU2105",
            $"{path} is a symlink to {target}, outside the build context {context}. The docker CLI would read it anyway; " +
            "DokkuDeploy reads nothing outside the context, and ignoring it would send files it means to keep out. " +
            "Copy the file into the context (cp --remove-destination), or link to a file inside the context.");

    public static DeployException DockerIgnorePatternNotReproducible(string file, int line, string pattern, string reason) =>
        new("DOKKU2107",
            $"{file} line {line}: the pattern \"{pattern}\" cannot be matched exactly as Docker matches it ({reason}). " +
            "Docker turns patterns into Go regular expressions; DokkuDeploy refuses the few it cannot reproduce rather than " +
            "send another set of files. Write the pattern without it (a character class such as [α-ω] instead of a script, say).");

    public static DeployException DockerIgnoreLineTooLong(string file, int line, int bytes) =>
        new("DOKKU2109",
            $"{file} line {line} is {bytes} bytes long. Docker reads .dockerignore with Go's line scanner, which refuses a line " +
            "over 64 KiB (\"bufio.Scanner: token too long\"), so the build would fail there too. Split or shorten the line.");

    public static DeployException DockerIgnoreInvalidPattern(string file, int line, string pattern, string reason) =>
        new("DOKKU2001",
            $"{file} line {line}: the pattern \"{pattern}\" is not valid ({reason}). " +
            "Docker would refuse it as well. Fix or remove the line; patterns follow Go's filepath.Match " +
            "syntax plus '**' (see https://docs.docker.com/build/concepts/context/#dockerignore-files).");

    public static DeployException DockerIgnoreUnreadable(string path, Exception? inner = null) =>
        new("DOKKU2002",
            $"Could not read {path}: {inner?.Message ?? "unknown error"}. " +
            "The build context cannot be filtered without it. Check that it is a readable file.",
            inner);

    public static DeployException ContextDirectoryMissing(string path) =>
        new("DOKKU2003",
            $"The build context directory {path} does not exist. " +
            "Check the path given for the Docker build context (DokkuDockerContext).");

    public static DeployException ContextFileUnreadable(string path, Exception? inner = null) =>
        new("DOKKU2004",
            $"Could not read {path} while writing the build context: {inner?.Message ?? "unknown error"}. " +
            "A file that vanishes or changes during the build (a watcher, an editor, another build) causes this. " +
            "Stop whatever writes there, or exclude the path in .dockerignore, and deploy again.",
            inner);

    public static DeployException DuplicateContextPath(string path) =>
        new("DOKKU2005",
            $"The build context would contain \"{path}\" twice (or both as a file and as a directory). " +
            "Two inputs map to the same place in the image. Rename one of them; if it comes from the " +
            "publish output, check for files that differ only by where they come from.");

    public static DeployException InvalidContextPath(string path, string reason) =>
        new("DOKKU2006",
            $"\"{path}\" cannot be a path in the build context: {reason}. " +
            "Paths must be relative, use forward slashes and contain no '.' or '..' segments. " +
            "This is a bug in DokkuDeploy or in what called it: please report it.");

    public static DeployException PublishDirectoryMissing(string path) =>
        new("DOKKU2007",
            $"The publish directory {path} does not exist. DokkuDeploy builds the image from the " +
            "output of 'dotnet publish'. Make sure publish ran and PublishDir points at its output.");

    public static DeployException InvalidDockerfileOption(string option, string value, string reason) =>
        new("DOKKU2008",
            $"{option} \"{value}\" cannot go into the generated Dockerfile: {reason}. Change the value and deploy again.");

    public static DeployException UnknownTargetFramework(string value) =>
        new("DOKKU2009",
            $"Cannot pick a base image for target framework version \"{value}\": expected a version such as " +
            "\"8.0\" or \"v10.0\". Set DokkuBaseImage to the image to build on.");
}
