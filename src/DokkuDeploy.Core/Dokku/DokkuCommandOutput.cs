namespace DokkuDeploy.Core.Dokku;

/// <summary>What one Dokku command printed and how it exited. Lines are in arrival order, both streams.</summary>
internal sealed record DokkuCommandOutput(int ExitCode, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr, IReadOnlyList<string> All);
