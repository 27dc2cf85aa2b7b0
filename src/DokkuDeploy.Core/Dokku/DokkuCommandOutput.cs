namespace DokkuDeploy.Core.Dokku;

/// <summary>
/// What one Dokku command printed and how it exited. Lines are in arrival order, both streams; what is kept of a
/// long output is its tail and Dokku's marked lines (<see cref="ServerOutputTail"/>): the log got every line.
/// </summary>
internal sealed record DokkuCommandOutput(int ExitCode, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr, IReadOnlyList<string> All);
