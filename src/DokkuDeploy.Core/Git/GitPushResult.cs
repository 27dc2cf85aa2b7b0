namespace DokkuDeploy.Core.Git;

/// <summary>
/// What a push did: the commit, whether the server already had it, and what is kept of the lines the server printed
/// (Dokku's build and release output): the last lines and Dokku's own steps and errors; the log got every line.
/// </summary>
public sealed record GitPushResult(string CommitSha, bool UpToDate, IReadOnlyList<string> RemoteLines, long BytesSent);
