namespace DokkuDeploy.Core.Errors;

public static partial class DeployErrors
{
    public static DeployException DockerUnreachable(string endpoint, string reason, Exception? inner = null) => new(
        "DOKKU3001",
        $"Could not reach the Docker engine at {endpoint}: {reason.TrimEnd('.')}. DokkuDeploy builds the image with a local Docker engine. " +
        "Start Docker, or point DOCKER_HOST (or the current docker context) at a running engine, and try again.",
        inner);

    public static DeployException DockerBuildFailed(string dockerMessage) => new(
        "DOKKU3002",
        $"Docker could not build the image: {dockerMessage.Trim()}. The lines above show the step that failed. " +
        "Fix the Dockerfile or the files it copies, then deploy again; nothing was sent to the server.");

    public static DeployException DockerBaseImageMissing(string image, string dockerMessage) => new(
        "DOKKU3003",
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

    public static DeployException DockerContextNotFound(string context, string reason, Exception? inner = null) => new(
        "DOKKU3008",
        $"The docker context '{context}' named by DOCKER_CONTEXT could not be read: {reason}. " +
        "List the contexts with `docker context ls`, fix DOCKER_CONTEXT, or unset it to use the current context.",
        inner);
}
