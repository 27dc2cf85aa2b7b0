using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Git;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Ssh;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// The `git` deploy method: pushes the project's HEAD commit and lets Dokku build it on the server, instead of
/// sending an image built here. Nothing is built locally and no Docker engine is needed; the server needs the
/// build's base images and (for a restore) its network. Dokku's deploy output arrives in the push's `remote:`
/// lines and is read the same way as that of git:load-image.
/// </summary>
sealed class GitSender(IDeployLog log)
{
    /// <param name="commitSha">From <see cref="GitCommitCheck.HeadToDeploy"/>, called once per deploy before any server changes.</param>
    /// <returns>Deployed with Dokku's URLs; NoChanges when the server's master already is this commit (nothing is built or released).
    /// No layers: the server built the image, so the next image deploy starts from a full transfer.</returns>
    public async Task<SendResult> SendAsync(
        DokkuRemote remote, SshTarget target, SshCredentials credentials, HostKeyPolicy hostKeys, string projectDirectory, string commitSha,
        CancellationToken cancellationToken)
    {
        var request = new GitPushRequest(projectDirectory, commitSha, remote.App, remote.Server, target, credentials, hostKeys);
        var pushed = await new GitPusher(log).PushAsync(request, cancellationToken).ConfigureAwait(false);
        var result = pushed.UpToDate
            ? DeployResult.NoChanges()
            : DeployResult.Deployed(DokkuOutput.DeployedUrls(pushed.RemoteLines));
        return new SendResult(result, pushed.BytesSent, []);
    }
}
