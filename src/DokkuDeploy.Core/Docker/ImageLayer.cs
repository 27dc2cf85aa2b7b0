namespace DokkuDeploy.Core.Docker;

/// <summary>A layer file of a `docker save` tar: its content digest (the layer's diff id) and size.</summary>
public sealed record ImageLayer(string DiffId, long Size);
