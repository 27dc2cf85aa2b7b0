using DokkuDeploy.Core.Ssh;

namespace DokkuDeploy.Core.Git;

/// <summary>One push of a commit of the project's repository to a Dokku app, through our verified SSH.</summary>
/// <param name="ProjectDirectory">Where the repository is looked up (upwards).</param>
/// <param name="CommitSha">The commit, from <see cref="GitCommitCheck.HeadToDeploy"/>; it becomes the app's master.</param>
/// <param name="App">The Dokku app; validated by the caller.</param>
/// <param name="Server">How messages name the server (dokku@host).</param>
public sealed record GitPushRequest(
    string ProjectDirectory,
    string CommitSha,
    string App,
    string Server,
    SshTarget Target,
    SshCredentials Credentials,
    HostKeyPolicy HostKeys);
