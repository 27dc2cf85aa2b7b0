using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Text;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// One command on an SSH connection and everything it starts: SSH.NET's command and channel, a thread per output
/// stream, the input writer, and one cancellation for all of them (the caller's, or the command's own failure: a
/// failed input writer or line callback). Disposing it ends every one of them before it returns: the channel is
/// closed and each thread seen to end by one deadline (<see cref="SshConnectOptions.CloseTimeout"/>); what a stuck
/// link keeps from ending by then, the connection is dropped for, which ends it. Nothing is left running behind a
/// command for a long-lived MSBuild node to pile up.
/// </summary>
internal sealed class RemoteCommand : IAsyncDisposable
{
    private const int ReadBufferSize = 64 * 1024;

    /// <summary>Only a guard against an SSH.NET that does not end its sends even on a dropped connection.</summary>
    private static readonly TimeSpan AfterDropGuard = TimeSpan.FromSeconds(10);

    private readonly SshClient _client;
    private readonly SshTarget _target;
    private readonly SshCommand _command;
    private readonly Task _execute;
    private readonly string _name;
    private readonly SshConnectOptions _options;
    private readonly IDeployLog _log;
    private readonly Action _dropConnection;
    private readonly CancellationToken _callerToken;
    private readonly CancellationTokenSource _abort;

    // SSH.NET cancels a command by sending a signal from inside the token's callback, and on a frozen link that send
    // blocks until the connection drops: run on _abort's own callbacks, it would hold up every other callback of
    // _abort (the waits below) and the CancelAsync of a failed input writer. So SSH.NET gets a token of its own,
    // cancelled off that path, and disposed only once that cancel has returned.
    private readonly CancellationTokenSource _sshNetCancel;
    private readonly CancellationTokenRegistration _forwardCancel;
    private volatile Task _forwarded = Task.CompletedTask;

    private Task _stdout = Task.CompletedTask;
    private Task _stderr = Task.CompletedTask;
    private Task _stdin = Task.CompletedTask;
    private CommandInputStream? _input;
    private Task? _channelClose;
    private bool _disposed;

    private RemoteCommand(
        SshClient client, SshTarget target, SshCommand command, Task execute, string name, SshConnectOptions options, IDeployLog log,
        Action dropConnection, CancellationTokenSource abort, CancellationTokenSource sshNetCancel, CancellationToken callerToken)
    {
        _client = client;
        _target = target;
        _command = command;
        _execute = execute;
        _name = name;
        _options = options;
        _log = log;
        _dropConnection = dropConnection;
        _abort = abort;
        _sshNetCancel = sshNetCancel;
        _callerToken = callerToken;
        _forwardCancel = abort.Token.Register(() => _forwarded = Task.Run(sshNetCancel.Cancel, CancellationToken.None));
    }

    /// <param name="dropConnection">Drops the connection at once (the shell's; it then knows its connection is gone).</param>
    /// <exception cref="DeployException"><see cref="DeployErrors.SshConnectionLost"/> when the connection is already gone.</exception>
    public static RemoteCommand Start(
        SshClient client, SshTarget target, string commandLine, SshConnectOptions options, IDeployLog log, Action dropConnection,
        CancellationToken cancellationToken)
    {
        var name = NameOf(commandLine);
        if (!client.IsConnected)
        {
            throw DeployErrors.SshConnectionLost(target.Host, target.Port, name);
        }

        var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sshNetCancel = new CancellationTokenSource();
        try
        {
            var command = client.CreateCommand(commandLine, new UTF8Encoding(false));
            var execute = command.ExecuteAsync(sshNetCancel.Token);
            return new RemoteCommand(client, target, command, execute, name, options, log, dropConnection, abort, sshNetCancel, cancellationToken);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            abort.Dispose();
            sshNetCancel.Dispose();
            throw DeployErrors.SshConnectionLost(target.Host, target.Port, name, e);
        }
    }

    /// <summary>After disposal: work that ends only when the connection closes (see <see cref="DisposeAsync"/>), or null.</summary>
    public Task? Leftover { get; private set; }

    /// <summary>Runs the command to its end (or until cancelled) and returns its exit code; call once.</summary>
    public async Task<int> RunAsync(Func<Stream, CancellationToken, Task>? writeStdin, Action<string> onStdoutLine, Action<string> onStderrLine)
    {
        var callbacks = new object();
        _stdout = ReadLinesAsync(_command.OutputStream, onStdoutLine, callbacks);
        _stderr = ReadLinesAsync(_command.ExtendedOutputStream, onStderrLine, callbacks);
        _stdin = WriteStdinAsync(writeStdin);

        await Task.WhenAny(_execute, Task.Delay(Timeout.Infinite, _abort.Token)).ConfigureAwait(false);
        if (!_execute.IsCompleted)
        {
            // Cancelled, or the input writer or a callback failed: SSH.NET signals the remote command and completes; if
            // the server does not answer in time, dropping the connection is the only way out (a channel close would
            // wait on the same link).
            await WaitAsync(_execute, _options.CancelGracePeriod).ConfigureAwait(false);
            if (!_execute.IsCompleted)
            {
                _log.Detail($"`{_name}` did not stop within {_options.CancelGracePeriod.TotalSeconds:0} s; dropping the SSH connection.");
                _dropConnection();
            }

            // Close the channel now: the output streams end with it (a dropped connection does not end them), so
            // nothing waits for a command we gave up on.
            CloseChannel();
        }

        var readersDone = await WaitAsync(Task.WhenAll(_stdout, _stderr), _options.CloseTimeout).ConfigureAwait(false);
        await WaitAsync(_stdin, TimeSpan.FromSeconds(1)).ConfigureAwait(false);

        _callerToken.ThrowIfCancellationRequested();
        if (_stdin.IsFaulted)
        {
            // A connection cut while the input streams (e.g. the image) surfaces here first, as a socket error from
            // the write. Not IsConnected: after a local failure we may have dropped the connection ourselves above.
            var failure = _stdin.Exception!.GetBaseException();
            if (failure is not DeployException && (IsConnectionFailure(failure) || failure.InnerException is SocketException))
            {
                throw DeployErrors.SshConnectionLost(_target.Host, _target.Port, _name, failure);
            }

            ExceptionDispatchInfo.Throw(failure);
        }

        foreach (var reader in new[] { _stdout, _stderr })
        {
            if (reader.IsFaulted)
            {
                ExceptionDispatchInfo.Throw(reader.Exception!.GetBaseException());
            }
        }

        try
        {
            await _execute.ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectionFailure(e) || !_client.IsConnected)
        {
            throw DeployErrors.SshConnectionLost(_target.Host, _target.Port, _name, e);
        }

        if (!readersDone)
        {
            _log.Detail($"The output of `{_name}` did not end with the command; some lines may be missing.");
        }

        return ExitCode(_command);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_stdin.IsCompleted)
        {
            // The command is over: an input writer still at work (the remote command ended between its writes) stops.
            await _abort.CancelAsync().ConfigureAwait(false);
        }

        using (var deadline = new CancellationTokenSource(_options.CloseTimeout))
        using (deadline.Token.Register(DropPastDeadline))
        {
            CloseChannel();
            var everything = Task.WhenAll(new[] { _channelClose!, _stdout, _stderr, _stdin, _forwarded, _execute }.Select(Observed));
            if (!await WaitAsync(everything, _options.CloseTimeout + AfterDropGuard).ConfigureAwait(false))
            {
                _log.Detail($"Some work of `{_name}` did not end even after the SSH connection was dropped; it is left to SSH.NET.");
            }
        }

        // A write the remote command never took (it ended without reading its input) waits in SSH.NET for window
        // space that never comes, until the connection closes; dropping a working connection for it would cost the
        // commands after this one (a config restore after a refused load), so the shell ends it when it closes.
        if (_input?.StuckWrite is { IsCompleted: false } stuck)
        {
            Leftover = Observed(stuck);
        }

        await _forwardCancel.DisposeAsync().ConfigureAwait(false);
        if (_forwarded.IsCompleted)
        {
            _sshNetCancel.Dispose();
        }

        _abort.Dispose();
    }

    private void DropPastDeadline()
    {
        _log.Detail($"`{_name}` and its channel did not end within {_options.CloseTimeout.TotalSeconds:0} s of its end; dropping the SSH connection.");
        _dropConnection();
    }

    /// <summary>Closes the channel on a thread of its own: the close is a send, which blocks on a stuck link until it drops.</summary>
    private void CloseChannel() =>
        _channelClose ??= Task.Factory.StartNew(
            () =>
            {
                try
                {
                    _command.Dispose();
                }
                catch (Exception)
                {
                    // The connection is gone (or was dropped): the channel went with it.
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private async Task WriteStdinAsync(Func<Stream, CancellationToken, Task>? writeStdin)
    {
        if (writeStdin is null)
        {
            // No end-of-input for a command without input: SSH.NET 2026.0 can send it after the server has closed a
            // quick command's channel, and OpenSSH then drops the whole connection ("ieof packet referred to
            // nonexistent channel"; about 1 in 300 quick commands here). Dokku's commands other than git:load-image
            // do not read their input.
            return;
        }

        Stream channelInput;
        try
        {
            channelInput = _command.CreateInputStream();
        }
        catch (InvalidOperationException)
        {
            // A quick command (apps:create) can end before its input is opened: it needed none, and its exit code and
            // output say whatever there is to say.
            return;
        }

        var input = _input = new CommandInputStream(channelInput, _execute, _abort.Token, _options.InputStallTimeout);
        try
        {
            await writeStdin(input, _abort.Token).ConfigureAwait(false);
            await input.FlushAsync(_abort.Token).ConfigureAwait(false);
        }
        catch (Exception) when (input.RemoteStoppedReading)
        {
            // The remote command exited early (e.g. Dokku refused the app): its exit code and stderr tell why.
            _log.Detail($"The remote command ended after reading {input.BytesWritten:N0} bytes or fewer of its input.");
            return;
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            if (IsConnectionFailure(e) || e.InnerException is SocketException)
            {
                // The link took nothing for the stall timeout, or failed outright: nothing more gets through it, not
                // even the signal or the channel close of a cancel, so it is dropped now rather than waited for.
                _dropConnection();
            }

            // Or the local source failed (e.g. `docker save`): stop the remote command rather than hand it a truncated stream.
            await _abort.CancelAsync().ConfigureAwait(false);
            throw;
        }

        if (input.BytesWritten == 0 && !EmptyInputEof.TrySend(channelInput))
        {
            _log.Detail("Could not send end-of-input to a command that got no input; a command that reads its input may wait.");
        }

        channelInput.Dispose();
    }

    private Task ReadLinesAsync(Stream stream, Action<string> onLine, object callbacks) =>
        Task.Factory.StartNew(
            () =>
            {
                // SSH.NET's output streams only block, so each gets a dedicated thread instead of a pool thread. It
                // ends with the stream: at the command's end, when the channel closes, or when the connection drops.
                var splitter = new LineSplitter(line =>
                {
                    lock (callbacks)
                    {
                        onLine(line);
                    }
                });
                var buffer = new byte[ReadBufferSize];
                try
                {
                    int read;
                    while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        splitter.Write(buffer.AsSpan(0, read));
                    }
                }
                catch (ObjectDisposedException)
                {
                    // The channel was closed (cancellation); what arrived so far is delivered below.
                }

                splitter.Complete();
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).ContinueWith(
                t =>
                {
                    if (t.IsFaulted)
                    {
                        _abort.Cancel();
                        ExceptionDispatchInfo.Throw(t.Exception!.GetBaseException());
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

    private static async Task<bool> WaitAsync(Task task, TimeSpan limit)
    {
        using var timer = new CancellationTokenSource(limit);
        var first = await Task.WhenAny(task, Task.Delay(Timeout.Infinite, timer.Token)).ConfigureAwait(false);
        return first == task;
    }

    /// <summary>A task that ends when <paramref name="task"/> does, its failure observed: teardown reports no errors.</summary>
    internal static Task Observed(Task task) =>
        task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static int ExitCode(SshCommand command)
    {
        if (command.ExitStatus is int status)
        {
            return status;
        }

        // Killed by a signal: report it the way a shell does (128 + signal number).
        return command.ExitSignal switch
        {
            "HUP" => 129,
            "INT" => 130,
            "QUIT" => 131,
            "ABRT" => 134,
            "KILL" => 137,
            "SEGV" => 139,
            "PIPE" => 141,
            "ALRM" => 142,
            "TERM" => 143,
            _ => 255,
        };
    }

    private static string NameOf(string commandLine)
    {
        var word = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => !w.StartsWith('-')) ?? "";
        return word.Length > 40 ? word[..40] : word;
    }

    internal static bool IsConnectionFailure(Exception e) =>
        e is SshConnectionException or SocketException or ObjectDisposedException or SshOperationTimeoutException ||
        (e is SshException && e.Message.Contains("not connected", StringComparison.OrdinalIgnoreCase));
}
