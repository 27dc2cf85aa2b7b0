namespace DokkuDeploy.Core.Docker;

/// <summary>Which of the engine's builders builds the image, and why: said in the log, since the two read Dockerfiles differently.</summary>
public sealed record BuilderChoice(bool BuildKit, string Reason)
{
    /// <summary>BuildKit's API (<c>/build?version=2</c>) arrived with Docker 18.09, API 1.39.</summary>
    static readonly System.Version FirstBuildKitApi = new(1, 39);

    public string Describe() => $"{(BuildKit ? "BuildKit" : "the legacy builder")} ({Reason})";

    /// <param name="dockerBuildKit">DOCKER_BUILDKIT, as the docker CLI reads it: 0/false for the legacy builder, 1/true for BuildKit.</param>
    public static BuilderChoice Choose(EngineFacts engine, string? dockerBuildKit)
    {
        switch (dockerBuildKit?.Trim().ToLowerInvariant())
        {
            case "0" or "false":
                return new(false, "DOCKER_BUILDKIT=" + dockerBuildKit.Trim());
            case "1" or "true":
                return new(true, "DOCKER_BUILDKIT=" + dockerBuildKit.Trim());
        }

        if (engine.IsPodman)
            return new(false, $"Podman {engine.Version} builds with Buildah, which reads BuildKit's Dockerfile syntax itself");
        if (!string.Equals(engine.Os, "linux", StringComparison.OrdinalIgnoreCase))
            return new(false, $"the engine builds {engine.Os} images, which BuildKit does not");
        if (System.Version.TryParse(engine.ApiVersion, out var api) && api < FirstBuildKitApi)
            return new(false, $"Docker {engine.Version} (API {engine.ApiVersion}) predates BuildKit; upgrade Docker for RUN --mount and other BuildKit syntax");
        return new(true, $"Docker {engine.Version}; set DOCKER_BUILDKIT=0 for the legacy builder");
    }
}
