using DokkuDeploy.Core.Docker;

namespace DokkuDeploy.Core.Deploy;

/// <summary>The image built once for every server of a deploy, and the engine that holds it.</summary>
sealed record BuiltImage(DockerEngine Docker, ImageInfo Info, string Reference);
