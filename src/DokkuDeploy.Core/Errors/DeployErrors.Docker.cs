namespace DokkuDeploy.Core.Errors;

public static partial class DeployErrors
{
    public static DeployException DockerUnreachable(string endpoint, string reason, Exception? inner = null) => new(
        "DOKKU3001",
        $"Could not reach the Docker engine at {endpoint}: {reason.TrimEnd('.')}. DokkuDeploy builds the image with a local Docker engine. " +
        "Start Docker, or point DOCKER_HOST (or the current docker context) at a running engine, and try again.",
        inner);

    /// <param name="step">Under BuildKit, the step that failed and the last lines it printed; the legacy builder's output shows them above.</param>
    public static DeployException DockerBuildFailed(string dockerMessage, string? step = null, IReadOnlyList<string>? lastOutput = null) => new(
        "DOKKU3002",
        step is null
            ? $"Docker could not build the image: {dockerMessage.Trim()}. The lines above show the step that failed. " +
              "Fix the Dockerfile or the files it copies, then deploy again; nothing was sent to the server."
            : $"Docker could not build the image: step `{step}` failed: {dockerMessage.Trim()}." +
              (lastOutput is not { Count: > 0 } ? " The step printed nothing." : $" Its last output:{Environment.NewLine}{string.Join(Environment.NewLine, lastOutput.Select(line => "    " + line))}{Environment.NewLine}") +
              " Fix the Dockerfile or the files it copies, then deploy again; nothing was sent to the server.");

    public static DeployException DockerfileFrontendUnavailable(string frontend, string dockerMessage) => new(
        "DOKKU3020",
        $"The Dockerfile's `# syntax={frontend}` line asks BuildKit to fetch that Dockerfile frontend image, and the engine could not: {dockerMessage.Trim()}. " +
        "Remove the line to use the engine's built-in Dockerfile syntax (it has RUN --mount and heredocs since Docker 20.10 and 23.0), " +
        $"or make the registry reachable from the engine (`docker pull {frontend}` shows why it is not).");

    public static DeployException DockerfileNeedsBuildKit(string whyLegacy, string dockerMessage) => new(
        "DOKKU3021",
        $"The Dockerfile uses syntax only BuildKit has (RUN --mount, FROM --platform=$BUILDPLATFORM, …), and the image was built with the legacy builder " +
        $"because of {whyLegacy}: {dockerMessage.Trim()}. Unset DOCKER_BUILDKIT (or set it to 1) on a Docker engine of 18.09 or later, " +
        "or upgrade Docker; nothing was sent to the server.");

    /// <summary>The code of <see cref="DockerBaseImageMissing"/>, which the deploy catches to say which FROM line names the image.</summary>
    public const string DockerBaseImageMissingCode = "DOKKU3003";

    public static DeployException DockerBaseImageMissing(string image, string dockerMessage) => new(
        DockerBaseImageMissingCode,
        $"The base image '{image}' is not available to the Docker engine: {dockerMessage.Trim()}. " +
        "Pull it first (`docker pull " + image + "`), log in to its registry, or set DokkuBaseImage to an image the engine has.");

    public static DeployException DockerImageSaveFailed(string image, string reason, Exception? inner = null) => new(
        "DOKKU3004",
        $"Could not read the image '{image}' back from the Docker engine to send it: {reason.TrimEnd('.')}. " +
        "Check that the engine is still running and has disk space, then deploy again.",
        inner);

    public static DeployException DockerRequestFailed(string endpoint, string operation, string reason, Exception? inner = null) => new(
        "DOKKU3005",
        $"The Docker engine at {endpoint} failed to {operation}: {reason}. Check `docker info` and the engine's log, then deploy again.",
        inner);

    public static DeployException DockerHostInvalid(string value, string source) => new(
        "DOKKU3006",
        $"{source} is '{value}', which is not a Docker endpoint. Use unix:///var/run/docker.sock, tcp://HOST:2376 or npipe://./pipe/docker_engine, " +
        "or unset it to use the current docker context.");

    public static DeployException DockerHostOverSshUnsupported(string value, string source) => new(
        "DOKKU3007",
        $"{source} is '{value}': DokkuDeploy does not reach Docker engines over ssh:// yet. Build on a local engine, or forward the remote socket " +
        "(`ssh -nNL /tmp/docker.sock:/var/run/docker.sock HOST`) and set DOCKER_HOST=unix:///tmp/docker.sock.");

    public static DeployException DockerContextNotFound(string context, string namedBy, string reason, Exception? inner = null) => new(
        "DOKKU3008",
        $"The docker context '{context}' named by {namedBy} could not be read: {reason.TrimEnd('.')}. " +
        "List the contexts with `docker context ls`, then fix the name (`docker context use NAME`, or DOCKER_CONTEXT), " +
        "or unset it to use the default engine.",
        inner);

    public static DeployException DockerTlsFileMissing(string path, string role, string source) => new(
        "DOKKU3009",
        $"The Docker engine is reached over TLS ({source}), but the {role} {path} does not exist. " +
        "DokkuDeploy needs the engine's CA (ca.pem), the client certificate (cert.pem) and its key (key.pem) to connect. " +
        "Copy them into that folder (DOCKER_CERT_PATH, default ~/.docker), point DOCKER_CERT_PATH at the folder that has them, " +
        "or unset DOCKER_TLS_VERIFY and DOCKER_HOST to use a local engine.");

    public static DeployException DockerTlsFileUnreadable(string path, string role, string reason, Exception? inner = null) => new(
        "DOKKU3010",
        $"Could not load the {role} {path}: {reason.TrimEnd('.')}. It must be PEM (-----BEGIN CERTIFICATE----- or a PEM private key " +
        "without a passphrase), and cert.pem and key.pem must belong together. Regenerate or copy the files again from the engine's administrator.",
        inner);

    public static DeployException DockerTlsServerRejected(string endpoint, string reason, Exception? inner = null) => new(
        "DOKKU3011",
        $"Refused to talk to the Docker engine at {endpoint}: its TLS certificate did not pass verification ({reason.TrimEnd('.')}). " +
        "Either ca.pem is not the CA that signed the engine's certificate, or the certificate does not name the host in the endpoint. " +
        "Get the engine's ca.pem from its administrator (or `docker context export`), and use the host name or IP the certificate was made for.",
        inner);

    public static DeployException DockerTlsWithoutVerification(string source) => new(
        "DOKKU3012",
        $"{source} asks for TLS without verifying the Docker engine's certificate (DOCKER_TLS is set, DOCKER_TLS_VERIFY is not). " +
        "DokkuDeploy sends your app's image and build context to that engine, so it does not connect without knowing who answers. " +
        "Set DOCKER_TLS_VERIFY=1 and put the engine's ca.pem, cert.pem and key.pem in DOCKER_CERT_PATH (default ~/.docker).");

    public static DeployException DockerEngineNotFound(string tried) => new(
        "DOKKU3014",
        $"No Docker engine was found: DOCKER_HOST and DOCKER_CONTEXT are not set, the docker CLI has no current context, and none of these sockets exists: {tried}. " +
        "Start Docker (or Podman's API socket: `systemctl --user start podman.socket`), or set DOCKER_HOST (for example unix:///path/to/docker.sock or tcp://HOST:2376 with DOCKER_TLS_VERIFY=1).");

    /// <summary>The docker context turns TLS verification off.</summary>
    public const string DockerTlsVerificationSkippedWarning = "DOKKU3013";

    public static string DockerTlsVerificationSkipped(string endpoint, string context) =>
        $"The docker context '{context}' turns TLS verification off (SkipTLSVerify): DokkuDeploy talks to {endpoint} without checking " +
        "who answers, and sends it your build context. Give the context the engine's CA instead " +
        "(`docker context update " + context + " --docker host=...,ca=PATH/ca.pem,cert=PATH/cert.pem,key=PATH/key.pem`).";
}
