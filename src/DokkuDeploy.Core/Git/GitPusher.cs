using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using LibGit2Sharp;
using DokkuDeploy.Core.Timing;

namespace DokkuDeploy.Core.Git;

/// <summary>
/// Pushes the project's HEAD commit to Dokku (`git push --force ssh://dokku@HOST:PORT/APP HEAD:refs/heads/master`)
/// so that Dokku builds it on the server. libgit2 speaks the git protocol; the bytes travel over our own SSH
/// connection, through a managed subtransport (<see cref="DokkuSshSubtransport"/>), for two reasons:
/// the libgit2 in LibGit2Sharp.NativeBinaries 2.0.324 has no libssh2 (its ssh transport runs the system's
/// OpenSSH `ssh`, which knows none of our settings), and the push must obey the same host-key policy and keys
/// as every other command: DokkuKnownHostsFile, the pinned fingerprint, accept-new, DOKKU_SSH_KEY.
/// <para>
/// The push is forced. Dokku's master is a deploy target, not shared history: after an image deploy
/// (git:load-image) it holds a commit Dokku made itself, which no local commit descends from, so a plain
/// push would be refused as non-fast-forward. Dokku's own docs deploy with `git push --force` for that reason.
/// </para>
/// </summary>
public sealed class GitPusher(IDeployLog log)
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(30);

    // The sideband relay and the stderr reader deliver lines on two threads: the log sees them one at a time.
    private readonly object _relayGate = new();

    /// <summary>Pushes <see cref="GitPushRequest.CommitSha"/>, which <see cref="GitCommitCheck"/> chose before anything reached the server.</summary>
    /// <exception cref="DeployException"><see cref="DeployErrors.GitRepositoryMissing"/>, <see cref="DeployErrors.GitPushRejected"/>, <see cref="DeployErrors.GitPushFailed"/>, <see cref="DeployErrors.GitUnavailable"/>, <see cref="DeployErrors.DokkuHealthChecksFailed"/> when Dokku's checks failed, or DOKKU40xx when the server cannot be reached or is not trusted.</exception>
    public async Task<GitPushResult> PushAsync(GitPushRequest request, CancellationToken cancellationToken)
    {
        using var span = DeployTrace.Span($"git push {request.App}");
        AppName.Validate(request.App);
        var commitSha = request.CommitSha;

        using var source = PrepareSource(request);
        var remoteLines = new ServerOutputTail();
        var relay = new SidebandRelay(line => Relay(remoteLines, line), line => Relay(remoteLines, line));
        using var channel = await ReceivePackChannel.OpenAsync(
            request.Target, request.Credentials, request.HostKeys, request.App, log, line => Relay(remoteLines, line), cancellationToken).ConfigureAwait(false);
        using var route = PushRoutes.Add(new ReceivePackRoute(channel, relay, cancellationToken), request.App);
        using var stopOnCancel = cancellationToken.Register(channel.Dispose);

        log.Step($"Pushing commit {commitSha[..7]} to {request.Server} app '{request.App}'; Dokku builds it there");
        var rejections = new List<PushStatusError>();
        var upToDate = false;
        long bytesSent = 0;
        var options = new PushOptions
        {
            OnNegotiationCompletedBeforePush = updates =>
            {
                upToDate = updates.All(u => u.SourceObjectId == u.DestinationObjectId);
                return true;
            },
            OnPushTransferProgress = (_, _, bytes) =>
            {
                bytesSent = bytes;
                return !cancellationToken.IsCancellationRequested;
            },
            OnPushStatusError = rejections.Add,
        };

        Exception? failure = null;
        try
        {
            await Task.Factory.StartNew(
                () =>
                {
                    var remote = source.Repository.Network.Remotes.Add("dokku", route.Url);
                    source.Repository.Network.Push(remote, "+" + PushSource.PushedRef + ":" + PushSource.PushedRef, options);
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).ConfigureAwait(false);
        }
        catch (Exception e) when (e is LibGit2SharpException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            failure = e;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            throw DeployErrors.GitUnavailable((e.InnerException ?? e).Message, e);
        }

        var exitCode = await channel.WaitForExitAsync(failure is null ? ExitWait : TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        relay.Complete();
        cancellationToken.ThrowIfCancellationRequested();

        var lines = remoteLines.Lines;

        if (rejections.Count > 0)
        {
            throw Rejected(request, rejections[0], lines);
        }

        if (failure is not null)
        {
            var stderr = channel.ErrorLines.Select(DokkuOutput.Clean).Where(l => l.Trim().Length > 0).ToList();
            var reason = stderr.Count > 0
                ? $"the server said: {DokkuOutput.Summarize(stderr)} (exit code {exitCode?.ToString() ?? "unknown"})"
                : failure.Message.TrimEnd('.');
            throw DeployErrors.GitPushFailed(request.App, request.Server, reason, failure);
        }

        if (exitCode is not 0)
        {
            throw DeployErrors.GitPushFailed(request.App, request.Server,
                $"git-receive-pack ended with exit code {exitCode?.ToString() ?? "unknown"}: {DokkuOutput.Summarize(lines.Concat(channel.ErrorLines))}");
        }

        return new GitPushResult(commitSha, upToDate, lines, bytesSent);
    }

    private static PushSource PrepareSource(GitPushRequest request)
    {
        try
        {
            return PushSource.Create(request.ProjectDirectory, request.CommitSha);
        }
        catch (LibGit2SharpException e)
        {
            throw DeployErrors.GitPushFailed(request.App, request.Server, $"commit {request.CommitSha[..Math.Min(7, request.CommitSha.Length)]} could not be read for the push ({e.Message.TrimEnd('.')})", e);
        }
    }

    private DeployException Rejected(GitPushRequest request, PushStatusError rejection, IReadOnlyList<string> lines)
    {
        var summary = Truncate(DokkuOutput.Summarize(lines));
        if (DokkuOutput.IsDeployLockRefusal(lines))
        {
            return DeployErrors.DeployLockRefused(request.App, request.Server, summary);
        }

        var errors = DokkuOutput.ErrorLines(lines);
        if (errors.Any(e => e.Contains("failed checks", StringComparison.OrdinalIgnoreCase) || e.StartsWith("Could not start", StringComparison.Ordinal)))
        {
            return DeployErrors.DokkuHealthChecksFailed(request.App, request.Server, summary);
        }

        return DotnetFailure.Recognize(lines.Select(DokkuOutput.Clean), $"Dokku's build of the push on {request.Server}")
            ?? DeployErrors.GitPushRejected(request.App, request.Server, rejection.Reference, rejection.Message, summary);
    }

    private void Relay(ServerOutputTail lines, string line)
    {
        lines.Add(line);
        lock (_relayGate)
        {
            var clean = DokkuOutput.Clean(line);
            if (DokkuOutput.Classify(line) is DokkuLineKind.Step or DokkuLineKind.Header or DokkuLineKind.Error)
            {
                log.Step("  " + clean);
            }
            else
            {
                log.Detail(clean);
            }
        }
    }

    private static string Truncate(string text, int maximum = 2000) =>
        text.Length <= maximum ? text : text[..maximum] + " …";
}
