using System.Diagnostics;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Git;
using DokkuDeploy.Core.Operate;
using DokkuDeploy.Core.Registry;
using DokkuDeploy.Core.Ssh;
using DokkuDeploy.Core.Timing;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// One server's part of a deploy, once the image is built (or, for git pushes, once the commit is
/// known): create the app, set its config, hand the app to Dokku the chosen way, check it answers.
/// </summary>
sealed class AppRelease(
    RemoteSession session, DeployRequest request, IReadOnlyDictionary<string, string> config, AppCheck? check, Func<string, string?> environment,
    RegistryPublisher? registry, RegistryImage? registryImage, bool isWorker = false)
{
    public DokkuRemote Remote => session.Remote;

    /// <param name="built">The image, for the image and registry methods.</param>
    /// <param name="commitToPush">The commit, for the git method.</param>
    public async Task<DeployReport> RunAsync(BuiltImage? built, string? commitToPush, GitRepositoryInfo git, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var span = DeployTrace.Span($"release {Remote}");
        var log = session.Log;
        var dokku = session.Dokku;
        var lockWait = new DeployLockWait(Remote.App, request.LockTimeout, ct => dokku.DeployLockAsync(Remote.App, ct), log);
        var history = DeployHistory.ForUser(environment);
        var previous = history.Find(Remote.ToString());
        if (await ChangesNothingAsync(built, git, previous, cancellationToken).ConfigureAwait(false))
        {
            // Nothing will be set or released, so there is no other deploy to wait for: no lock probe either.
            return await FinishAsync(built, commitToPush, new SendResult(DeployResult.NoChanges(), 0, previous!.Layers), ConfigChange.None, previous, history, lockWait, clock, cancellationToken).ConfigureAwait(false);
        }

        if (!session.AppExists)
        {
            log.Step($"Creating app '{Remote.App}'");
            await dokku.CreateAppAsync(Remote.App, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Before anything changes: config set now would go live with the other deploy's release.
            await lockWait.UntilFreeAsync(LockedBeforeAnyChange, cancellationToken).ConfigureAwait(false);
        }

        var configChange = await ConfigUpdate.ApplyAsync(dokku, Remote.App, session.AppExists, config, log, cancellationToken).ConfigureAwait(false);

        PortChange? portChange = null;
        SendResult sent;
        try
        {
            // A worker listens on no port: Dokku routes nothing to it, so there is no map to set.
            if (built is not null && !isWorker)
            {
                portChange = await new PortRouting(dokku, log, Remote.SshCommand)
                    .ApplyAsync(Remote.App, session.AppExists, built.Info, request.Port, request.Ports, cancellationToken).ConfigureAwait(false);
            }

            sent = await lockWait.RetryWhileRefusedAsync(
                (again, ct) => request.Method switch
                {
                    DeployMethod.Image when again => ReleaseRefusedImageAsync(built!, built!.Reference, ct),
                    DeployMethod.Image => SendImageAsync(built!, git, previous, history, ct),
                    DeployMethod.Registry when again => ReleaseRefusedImageAsync(built!, registryImage!.Reference, ct),
                    DeployMethod.Registry => SendThroughRegistryAsync(built!, ct),
                    // A push Dokku refused was rejected whole: nothing of it stayed, so it is pushed again.
                    _ => PushCommitAsync(commitToPush!, ct),
                },
                (state, waited) => request.Method == DeployMethod.Git
                    ? LockedBeforeAnyChange(state, waited)
                    : DeployErrors.DeployLockTimedOutAfterRefusal(Remote.App, Remote.Server, Remote.SshCommand, ReleasedImage(built)!, state.Holder, waited),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (!configChange.IsEmpty || portChange is not null)
        {
            await new ConfigRestore(session, request, environment).RunAsync(configChange, portChange, failure).ConfigureAwait(false);
            throw;
        }

        return await FinishAsync(built, commitToPush, sent, configChange, previous, history, lockWait, clock, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After the transfer: restart for a changed config on an unchanged image, remember the release, show the URLs and check them.</summary>
    async Task<DeployReport> FinishAsync(
        BuiltImage? built, string? commitToPush, SendResult sent, ConfigChange configChange, DeployRecord? previous, DeployHistory history,
        DeployLockWait lockWait, Stopwatch clock, CancellationToken cancellationToken)
    {
        var log = session.Log;
        var dokku = session.Dokku;
        var alreadyDeployed = sent.Result.Outcome == DeployOutcome.NoChanges;
        // Dokku still prints the app's URLs, but no process answers there.
        IReadOnlyList<string> urls = isWorker ? [] : sent.Result.Urls;
        var imageId = built?.Info.Id ?? commitToPush ?? "";
        var reference = built?.Reference ?? $"git:{commitToPush?[..Math.Min(commitToPush.Length, 7)]}";
        if (alreadyDeployed)
        {
            log.Step($"'{Remote.App}' already runs this {(built is null ? "commit" : "image")} ({ShortId(imageId)}): nothing to release.");
            if (urls.Count == 0 && previous is not null && previous.ImageId == imageId)
            {
                urls = previous.Urls;
            }

            if (!configChange.IsEmpty)
            {
                log.Step($"Restarting '{Remote.App}' so that the changed config takes effect");
                await lockWait.RetryWhileRefusedAsync(
                    async (_, ct) =>
                    {
                        await dokku.RestartAsync(Remote.App, ct).ConfigureAwait(false);
                        return true;
                    },
                    LockedBeforeAnyChange,
                    cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            log.Step($"Deployed '{Remote.App}' in {clock.Elapsed.TotalSeconds:0.0} s ({Bytes.Format(sent.BytesSent)} sent)");
        }

        history.Save(Remote.ToString(), new DeployRecord(imageId, reference, sent.Layers, urls, DateTimeOffset.UtcNow));
        // The release record (three Dokku commands over SSH) and the URL check (HTTP) need nothing of each other:
        // the check does not wait for the bookkeeping. A failed record is only a warning; a failed check still waits for it.
        var recording = ReleasedImage(built) is { } released
            ? new ReleaseHistory(log).RecordAsync(dokku, Remote.App, released, cancellationToken)
            : Task.CompletedTask;
        try
        {
            foreach (var url in urls)
            {
                log.Step($"App URL: {url}");
            }

            if (check is not null && isWorker)
            {
                log.Warning(DeployErrors.WorkerHasNoUrlWarning, DeployErrors.WorkerHasNoUrl(Remote.App));
            }
            else if (check is not null)
            {
                await check.RunAsync(urls, Remote, session.Address, log, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await recording.ConfigureAwait(false);
        }

        return new DeployReport(Remote.App, Remote.ToString(), reference, imageId, alreadyDeployed, urls);
    }

    DeployException LockedBeforeAnyChange(DeployLockState state, TimeSpan waited) =>
        DeployErrors.DeployLockTimedOut(Remote.App, Remote.Server, Remote.SshCommand, state.Holder, waited, state.Build is not null);

    /// <summary>
    /// After Dokku refused the deploy for its lock: the refused attempt had already loaded (or pulled) the image and
    /// committed it to the app's git source, so it is released from there, nothing sent again, --force because Dokku
    /// would otherwise find the commit unchanged.
    /// </summary>
    async Task<SendResult> ReleaseRefusedImageAsync(BuiltImage built, string reference, CancellationToken cancellationToken)
    {
        session.Log.Step($"Releasing {reference}, already on the server (git:from-image --force)");
        var result = await session.Dokku.ForceFromImageAsync(Remote.App, reference, cancellationToken).ConfigureAwait(false);
        return new SendResult(result, 0, built.Info.Layers.Select(id => new ImageLayer(id, 0)).ToList());
    }

    Task<SendResult> SendThroughRegistryAsync(BuiltImage built, CancellationToken cancellationToken) =>
        new RegistrySender(registry!, session.Dokku, session.Log).SendAsync(Remote.App, built, registryImage!, request.RegistryLoginServer, cancellationToken);

    /// <summary>What the server now runs, by a name `git:from-image` can release again (for a rollback); none for a server-side build.</summary>
    string? ReleasedImage(BuiltImage? built) => request.Method switch
    {
        DeployMethod.Image => built!.Reference,
        DeployMethod.Registry => registryImage!.Reference,
        _ => null,
    };

    Task<SendResult> PushCommitAsync(string commit, CancellationToken cancellationToken)
    {
        var ssh = SshConnectionPlan.Make(Remote, request, environment, session.Log);
        return new GitSender(session.Log).SendAsync(
            Remote, ssh.Target, ssh.Credentials, ssh.HostKeys, request.ProjectDirectory, commit, cancellationToken);
    }

    /// <summary>
    /// Whether this deploy would change nothing on the server: an image the server already runs (<see cref="IsDeployedAlreadyAsync"/>),
    /// no config to set and no port map to ask for or set.
    /// </summary>
    async Task<bool> ChangesNothingAsync(BuiltImage? built, GitRepositoryInfo git, DeployRecord? previous, CancellationToken cancellationToken) =>
        session.AppExists
        && request.Method == DeployMethod.Image
        && built is not null
        && config.Count == 0
        && (isWorker || PortRouting.NeedsNoCommand(built.Info, request.Port, request.Ports))
        && await IsDeployedAlreadyAsync(built, git, previous, cancellationToken).ConfigureAwait(false);

    async Task<SendResult> SendImageAsync(BuiltImage built, GitRepositoryInfo git, DeployRecord? previous, DeployHistory history, CancellationToken cancellationToken)
    {
        if (await IsDeployedAlreadyAsync(built, git, previous, cancellationToken).ConfigureAwait(false))
        {
            return new SendResult(DeployResult.NoChanges(), 0, previous!.Layers);
        }

        var serverLayers = ServerLayers.ForUser(environment);
        var held = serverLayers.BestBaseFor(Remote, built.Info.Layers, previous?.Layers ?? []);
        var compression = new TransferCompression(request.Compress, LinkSpeeds.ForUser(environment), Remote, session.Address);
        var sender = new ImageSender(built.Docker, session.Dokku, session.Log, compression);
        var sent = await sender.SendAsync(
            Remote.App,
            built.Reference,
            built.Info,
            held,
            () =>
            {
                history.Forget(Remote.ToString());
                serverLayers.Forget(Remote);
            },
            cancellationToken).ConfigureAwait(false);
        serverLayers.Record(Remote, sent.Layers, DateTimeOffset.UtcNow);
        return sent;
    }

    /// <summary>
    /// A clean commit builds the same image every time, so when our last deploy of this image is also
    /// what the server says it runs, there is nothing to send: not even the manifest, and no release.
    /// A tree with local changes always goes through Dokku, which compares the image itself.
    /// </summary>
    async Task<bool> IsDeployedAlreadyAsync(BuiltImage built, GitRepositoryInfo git, DeployRecord? previous, CancellationToken cancellationToken)
    {
        if (previous is null || previous.ImageId != built.Info.Id || previous.ImageReference != built.Reference || git.CommitSha is null || git.IsDirty)
        {
            return false;
        }

        // Asked once per deploy: ChangesNothingAsync may have asked before the lock, and nothing was released since.
        deployedImage ??= await session.Dokku.DeployedImageAsync(Remote.App, cancellationToken).ConfigureAwait(false) ?? "";
        return deployedImage == built.Reference;
    }

    string? deployedImage;

    internal static string ShortId(string id) => id.StartsWith("sha256:", StringComparison.Ordinal) ? id[7..Math.Min(id.Length, 19)] : id[..Math.Min(id.Length, 12)];
}
