using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Operate;

/// <summary>
/// Redeploys an earlier release's image with <c>git:from-image</c>: nothing is built or sent. An image
/// that came by <c>git:load-image</c> is still in the server's engine (Dokku uses it without pulling);
/// one from a registry is pulled again if the server lost it.
/// </summary>
public sealed class AppRollback(IDeployLog log, ReleaseHistory history)
{
    /// <param name="to">A recorded release's tag or image reference; null for the previous release.</param>
    public async Task<RollbackReport> RollBackAsync(DokkuClient dokku, DokkuRemote remote, string? to, CancellationToken cancellationToken)
    {
        var app = remote.App;
        if (!await dokku.AppExistsAsync(app, cancellationToken).ConfigureAwait(false))
        {
            throw DeployErrors.DokkuAppNotFound(app, remote.Server, remote.SshCommand);
        }

        var releases = await history.ReadAsync(dokku, app, cancellationToken).ConfigureAwait(false);
        if (releases.Current is null)
        {
            throw DeployErrors.RollbackNoHistory(app, remote.Server);
        }

        var running = await dokku.DeployedImageAsync(app, cancellationToken).ConfigureAwait(false);
        var target = Target(releases, running, to, remote);
        if (target.Image == running)
        {
            log.Step($"'{app}' already runs {target.Image}: nothing to roll back.");
            return new RollbackReport(app, running, target, AlreadyRunning: true, []);
        }

        log.Step($"Rolling back '{app}' on {remote.Server} from {running ?? "an unknown image"} to {target.Image} (released {target.ReleasedAt:yyyy-MM-dd HH:mm} UTC)");
        var result = await dokku.RedeployImageAsync(app, target.Image, cancellationToken).ConfigureAwait(false);
        var alreadyRunning = result.Outcome == DeployOutcome.NoChanges;
        await history.RolledBackAsync(dokku, app, releases, target, cancellationToken).ConfigureAwait(false);
        log.Step(alreadyRunning
            ? $"'{app}' already ran the image of {target.Tag}: nothing to release."
            : $"Rolled back '{app}' to {target.Image}");
        foreach (var url in result.Urls)
        {
            log.Step($"App URL: {url}");
        }

        return new RollbackReport(app, running, target, alreadyRunning, result.Urls);
    }

    static Release Target(ReleaseList releases, string? running, string? to, DokkuRemote remote)
    {
        if (to is not null)
        {
            return releases.Find(to)
                ?? throw DeployErrors.RollbackTargetUnknown(remote.App, remote.Server, to, string.Join(", ", releases.Releases.Select(r => r.Tag)));
        }

        return releases.Previous(running)
            ?? throw DeployErrors.RollbackNoPreviousRelease(remote.App, remote.Server, releases.Current!.Image);
    }
}
