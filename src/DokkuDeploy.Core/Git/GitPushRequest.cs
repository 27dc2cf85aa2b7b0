using DokkuDeploy.Core.Ssh;

namespace DokkuDeploy.Core.Git;

/// <summary>One push of the project's HEAD commit to a Dokku app, through our verified SSH.</summary>
/// <param name="ProjectDirectory">Where the repository is looked up (upwards).</param>
/// <param name="App">The Dokku app; validated by the caller.</param>
/// <param name="Server">How messages name the server (dokku@host).</param>
/// <param name="AllowDirty">Push HEAD even when the tree has uncommitted changes (with a warning).</param>
public sealed record GitPushRequest(
    string ProjectDirectory,
    string App,
    string Server,
    SshTarget Target,
    SshCredentials Credentials,
    HostKeyPolicy HostKeys,
    bool AllowDirty);
