using DokkuDeploy.Core.Logging;
using Renci.SshNet;
using DokkuDeploy.Core.Timing;

namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// An SSH connection to the Dokku host that runs one command at a time. The host key is checked against a
/// <see cref="HostKeyPolicy"/> during key exchange, so nothing is sent to a server we do not trust.
/// Output lines are delivered as they arrive (see <see cref="LineSplitter"/> for how lines are cut); the
/// line callbacks are never called concurrently. Each command owns its threads, its cancellation and its teardown
/// deadline (<see cref="RemoteCommand"/>); disposing the shell ends the connection and SSH.NET's threads with it,
/// so a long-lived MSBuild node keeps nothing of a deploy.
/// </summary>
public sealed class SshRemoteShell : IRemoteShell, IAsyncDisposable
{
    private readonly SshLogin _login;
    private readonly SshClient _client;
    private readonly SshTarget _target;
    private readonly SshConnectOptions _options;
    private readonly IDeployLog _log;
    private readonly SemaphoreSlim _oneCommandAtATime = new(1, 1);
    private bool _disposed;
    private volatile bool _dropped;
    private readonly List<Task> _leftovers = [];
    private int _dropUnavailableSaid;

    private SshRemoteShell(SshLogin login, SshTarget target, SshConnectOptions options, IDeployLog log)
    {
        _login = login;
        _client = login.Client;
        _target = target;
        _options = options;
        _log = log;
    }

    public SshTarget Target => _target;

    public static Task<SshRemoteShell> ConnectAsync(
        SshTarget target, SshCredentials credentials, HostKeyPolicy policy, IDeployLog log, CancellationToken cancellationToken) =>
        ConnectAsync(target, credentials, policy, log, SshConnectOptions.Default, cancellationToken);

    /// <exception cref="DeployException">DOKKU40xx when the host cannot be reached, its key is not trusted or login fails.</exception>
    public static async Task<SshRemoteShell> ConnectAsync(
        SshTarget target, SshCredentials credentials, HostKeyPolicy policy, IDeployLog log, SshConnectOptions options,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var login = await SshLogin.ConnectAsync(target, credentials, policy, log, options, purpose: null, cancellationToken).ConfigureAwait(false);
        log.Detail($"Connected to {target} ({login.ServerVersion})");
        return new SshRemoteShell(login, target, options, log);
    }

    public async Task<int> RunAsync(
        string commandLine,
        Func<Stream, CancellationToken, Task>? writeStdin,
        Action<string> onStdoutLine,
        Action<string> onStderrLine,
        CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _oneCommandAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        // Every command of every kind passes here; its line holds no secret (values travel on stdin).
        using var span = DeployTrace.Span($"dokku {commandLine}");
        try
        {
            // Disposed before the next command may start: everything a command started has ended by then, but for
            // what ends only with the connection, which the shell ends when it closes.
            var command = RemoteCommand.Start(_client, _target, commandLine, _options, _log, DropConnection, cancellationToken);
            try
            {
                return await command.RunAsync(writeStdin, onStdoutLine, onStderrLine).ConfigureAwait(false);
            }
            finally
            {
                await command.DisposeAsync().ConfigureAwait(false);
                if (command.Leftover is { } leftover)
                {
                    _leftovers.RemoveAll(t => t.IsCompleted);
                    _leftovers.Add(leftover);
                }
            }
        }
        finally
        {
            _oneCommandAtATime.Release();
        }
    }

    /// <summary>
    /// Closes the connection, and with it every thread SSH.NET runs for it. Closing says goodbye to the server first,
    /// which blocks for ever on a link whose peer stopped reading: past <see cref="SshConnectOptions.CloseTimeout"/>
    /// (at once, when a command already dropped the connection) the connection is dropped, which ends the goodbye.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_dropped)
        {
            DropConnection();
        }

        var login = _login;
        var close = Task.Factory.StartNew(login.Dispose, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!await WaitAsync(close, _options.CloseTimeout).ConfigureAwait(false))
        {
            _log.Detail($"Closing the connection to {_target} took over {_options.CloseTimeout.TotalSeconds:0} s; dropping it.");
            DropConnection();
            if (!await WaitAsync(close, _options.CloseTimeout).ConfigureAwait(false))
            {
                _log.Detail($"The connection to {_target} did not close even when dropped; it is left to SSH.NET.");
            }
        }

        _ = RemoteCommand.Observed(close);
        if (_leftovers.Count > 0 && !await WaitAsync(Task.WhenAll(_leftovers), _options.CloseTimeout).ConfigureAwait(false))
        {
            DropConnection();
            if (!await WaitAsync(Task.WhenAll(_leftovers), _options.CloseTimeout).ConfigureAwait(false))
            {
                _log.Detail($"A write to a command on {_target} did not end when the connection closed; it is left to SSH.NET.");
            }
        }

        _oneCommandAtATime.Dispose();
    }

    /// <summary>Drops the connection at once (see <see cref="SshConnectionBreaker"/>); the shell is unusable after it.</summary>
    private void DropConnection()
    {
        _dropped = true;
        if (!SshConnectionBreaker.TryBreak(_client) && Interlocked.Exchange(ref _dropUnavailableSaid, 1) == 0)
        {
            _log.Detail("This SSH.NET cannot drop a connection at once; closing it may wait for the network.");
        }
    }

    private static async Task<bool> WaitAsync(Task task, TimeSpan limit)
    {
        using var timer = new CancellationTokenSource(limit);
        return await Task.WhenAny(task, Task.Delay(Timeout.Infinite, timer.Token)).ConfigureAwait(false) == task;
    }
}
