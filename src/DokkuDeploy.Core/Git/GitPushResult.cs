namespace DokkuDeploy.Core.Git;

/// <summary>What a push did: the commit, whether the server already had it, and every line the server printed (Dokku's build and release output).</summary>
public sealed record GitPushResult(string CommitSha, bool UpToDate, IReadOnlyList<string> RemoteLines, long BytesSent);
