using System.Globalization;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Timing;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// Waits while an app's deploy lock is held (another deploy runs, or someone ran <c>apps:lock</c>), instead of failing
/// as Dokku does: Dokku 0.38 refuses a deploy that meets a running one (<c>acquire_app_deploy_lock APP exclusive</c>)
/// and ignores <c>apps:lock</c> altogether. It asks every <see cref="PollInterval"/> but says so only every
/// <see cref="ReportInterval"/>, naming the holder as far as Dokku tells. One deadline covers the whole release: the
/// wait before anything changes and any wait after Dokku refused the deploy command itself.
/// </summary>
public sealed class DeployLockWait
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(10);

    readonly string app;
    readonly TimeSpan timeout;
    readonly Func<CancellationToken, Task<DeployLockState>> probe;
    readonly IDeployLog log;
    readonly TimeProvider clock;
    readonly Func<TimeSpan, CancellationToken, Task> sleep;
    long? firstLocked;

    /// <param name="probe">Asks the server (<see cref="DokkuClient.DeployLockAsync"/>).</param>
    /// <param name="sleep">How to pause; by default a delay on <paramref name="clock"/>. Tests advance a fake clock instead.</param>
    public DeployLockWait(
        string app, TimeSpan timeout, Func<CancellationToken, Task<DeployLockState>> probe, IDeployLog log,
        TimeProvider? clock = null, Func<TimeSpan, CancellationToken, Task>? sleep = null)
    {
        this.app = app;
        this.timeout = timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout;
        this.probe = probe;
        this.log = log;
        this.clock = clock ?? TimeProvider.System;
        this.sleep = sleep ?? ((pause, ct) => Task.Delay(pause, this.clock, ct));
    }

    /// <summary>Reads DokkuLockTimeout: seconds ("300") or a time span ("00:05:00"); blank for the default.</summary>
    public static TimeSpan ParseTimeout(string? value)
    {
        if (Setting.OrNull(value) is not { } text)
        {
            return DefaultTimeout;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero
            ? span
            : throw DeployErrors.LockTimeoutInvalid(text);
    }

    /// <summary>Returns once the lock is free; throws what <paramref name="timedOut"/> makes when it stays held past the deadline.</summary>
    /// <param name="timedOut">Makes the error from the last state seen and the time waited.</param>
    public async Task UntilFreeAsync(Func<DeployLockState, TimeSpan, Exception> timedOut, CancellationToken cancellationToken)
    {
        using var span = DeployTrace.Span("wait for the deploy lock");
        TimeSpan? reported = null;
        while (true)
        {
            var state = await probe(cancellationToken).ConfigureAwait(false);
            if (!state.Locked)
            {
                if (reported is not null)
                {
                    log.Step($"'{app}' is free after {TimeLeft.Format(Waited())}: deploying.");
                }

                return;
            }

            firstLocked ??= clock.GetTimestamp();
            var waited = Waited();
            if (waited >= timeout)
            {
                throw timedOut(state, waited);
            }

            if (reported is null || waited - reported.Value >= ReportInterval)
            {
                log.Step($"Waiting for the deploy lock of '{app}': {state.Holder}; up to {TimeLeft.Format(timeout - waited)} more (DokkuLockTimeout).");
                reported = waited;
            }

            await sleep(Min(PollInterval, timeout - waited), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs a deploy command; when Dokku refuses it for its lock (<see cref="DeployErrors.DeployLockRefused"/>), waits for the lock and runs
    /// <paramref name="attempt"/> again with <c>again</c> true, so the caller can release what the refused attempt
    /// already put on the server instead of sending it again.
    /// </summary>
    public async Task<T> RetryWhileRefusedAsync<T>(
        Func<bool, CancellationToken, Task<T>> attempt, Func<DeployLockState, TimeSpan, Exception> timedOut, CancellationToken cancellationToken)
    {
        for (var again = false; ; again = true)
        {
            try
            {
                return await attempt(again, cancellationToken).ConfigureAwait(false);
            }
            catch (DeployException e) when (e.Code == DeployErrors.DeployLockRefusedCode)
            {
                firstLocked ??= clock.GetTimestamp();
                log.Step($"Dokku refused to deploy '{app}': another deploy took its lock first. Waiting for it, then releasing again.");
                if (Waited() >= timeout)
                {
                    throw timedOut(new DeployLockState(true, null, BuildsKnown: false), Waited());
                }

                // The holder may finish between Dokku's refusal and our question; either way, not at once again.
                await sleep(Min(PollInterval, timeout - Waited()), cancellationToken).ConfigureAwait(false);
                await UntilFreeAsync(timedOut, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    TimeSpan Waited() => firstLocked is { } start ? clock.GetElapsedTime(start) : TimeSpan.Zero;

    static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
