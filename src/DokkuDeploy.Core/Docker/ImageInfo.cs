namespace DokkuDeploy.Core.Docker;

/// <summary>What we need to know of a built image: its id (sha256:…) and its layers' diff ids, bottom first.</summary>
public sealed record ImageInfo(string Id, IReadOnlyList<string> Layers, long Size);
