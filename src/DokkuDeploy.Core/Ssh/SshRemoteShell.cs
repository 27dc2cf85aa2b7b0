using System.Net.Sockets;
using System.Text;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// An SSH connection to the Dokku host that runs one command at a time. The host key is checked against a
/// <see cref="HostKeyPolicy"/> during key exchange, so nothing is sent to a server we do not trust.
/// Output lines are delivered as they arrive (see <see cref="LineSplitter"/> for how lines are cut); the
/// line callbacks are never called concurrently.
/// </summary>
public sealed class SshRemoteShell : IRemoteShell, IAsyncDisposable
{
    private const int ReadBufferSize = 64 * 1024;

    private readonly SshLogin _login;
    private readonly SshClient _client;
    private readonly SshTarget _target;
    private readonly SshConnectOptions _options;
    private readonly IDeployLog _log;
    private readonly SemaphoreSlim _oneCommandAtATime = new(1, 1);
    private bool _disposed;

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
        try
        {
            return await RunOneAsync(commandLine, writeStdin, onStdoutLine, onStderrLine, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _oneCommandAtATime.Release();
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            // Closing says goodbye to the server first, which blocks for ever on a connection whose peer stopped
            // reading: give it a moment, then leave it to finish (or not) in the background.
            var login = _login;
            Task.Run(login.Dispose).Wait(TimeSpan.FromSeconds(2));

            _oneCommandAtATime.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private async Task<int> RunOneAsync(
        string commandLine,
        Func<Stream, CancellationToken, Task>? writeStdin,
        Action<string> onStdoutLine,
        Action<string> onStderrLine,
        CancellationToken cancellationToken)
    {
        var commandName = CommandName(commandLine);
        if (!_client.IsConnected)
        {
            throw DeployErrors.SshConnectionLost(_target.Host, _target.Port, commandName);
        }

        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // SSH.NET cancels a command by sending a signal from inside the token's callback, and on a frozen
        // link that send blocks for ever: run on abort's own callbacks, it would also hold up every other
        // callback of abort (the waits below) and the CancelAsync of a failed stdin writer. So SSH.NET gets
        // a token of its own, cancelled off this path. Not disposed: a blocked Cancel may still be inside it.
        var commandCancel = new CancellationTokenSource();
        using var forwardCancel = abort.Token.Register(() => Task.Run(commandCancel.Cancel));
        SshCommand command;
        Task execute;
        try
        {
            command = _client.CreateCommand(commandLine, new UTF8Encoding(false));
            execute = command.ExecuteAsync(commandCancel.Token);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            throw DeployErrors.SshConnectionLost(_target.Host, _target.Port, commandName, e);
        }

        var commandDisposed = false;
        try
        {
            var callbacks = new object();
            var stdout = ReadLinesAsync(command.OutputStream, onStdoutLine, callbacks, abort);
            var stderr = ReadLinesAsync(command.ExtendedOutputStream, onStderrLine, callbacks, abort);
            var stdin = WriteStdinAsync(command, execute, writeStdin, abort);

            await Task.WhenAny(execute, Task.Delay(Timeout.Infinite, abort.Token)).ConfigureAwait(false);
            if (!execute.IsCompleted)
            {
                // Cancelled, or the stdin writer or a callback failed: SSH.NET signals the remote command and
                // completes; if the server does not answer in time, closing the connection is the only way out.
                await Task.WhenAny(execute, Task.Delay(_options.CancelGracePeriod, CancellationToken.None)).ConfigureAwait(false);
                commandDisposed = true;
                if (execute.IsCompleted)
                {
                    // Close the channel now: the output streams end with it, so nothing waits for a command we gave up on.
                    DisposeQuietly(command);
                }
                else
                {
                    _log.Detail($"`{commandName}` did not stop within {_options.CancelGracePeriod.TotalSeconds:0} s; closing the SSH connection.");
                    await CloseInBackground(command).ConfigureAwait(false);
                }
            }

            var readersDone = await WaitQuietly(Task.WhenAll(stdout, stderr), TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            await WaitQuietly(stdin, TimeSpan.FromSeconds(1)).ConfigureAwait(false);

            cancellationToken.ThrowIfCancellationRequested();
            if (stdin.IsFaulted)
            {
                // A connection cut while the input streams (e.g. the image) surfaces here first, as a socket error
                // from the write. Not IsConnected: after a local failure we may have disconnected ourselves above.
                var failure = stdin.Exception!.GetBaseException();
                if (failure is not DeployException && (IsConnectionFailure(failure) || failure.InnerException is SocketException))
                {
                    throw DeployErrors.SshConnectionLost(_target.Host, _target.Port, commandName, failure);
                }

                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            foreach (var reader in new[] { stdout, stderr })
            {
                if (reader.IsFaulted)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(reader.Exception!.GetBaseException());
                }
            }

            try
            {
                await execute.ConfigureAwait(false);
            }
            catch (Exception e) when (IsConnectionFailure(e) || !_client.IsConnected)
            {
                throw DeployErrors.SshConnectionLost(_target.Host, _target.Port, commandName, e);
            }

            if (!readersDone)
            {
                _log.Detail($"The output of `{commandName}` did not end with the command; some lines may be missing.");
            }

            return ExitCode(command);
        }
        finally
        {
            if (!commandDisposed)
            {
                DisposeQuietly(command);
            }
        }
    }

    private static void DisposeQuietly(SshCommand command)
    {
        try
        {
            command.Dispose();
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            // The connection is already gone; the error reported says so.
        }
    }

    private async Task WriteStdinAsync(SshCommand command, Task execute, Func<Stream, CancellationToken, Task>? writeStdin, CancellationTokenSource abort)
    {
        if (writeStdin is null)
        {
            // No end-of-input for a command without input: SSH.NET 2026.0 can send it after the server has
            // closed a quick command's channel, and OpenSSH then drops the whole connection ("ieof packet
            // referred to nonexistent channel"; about 1 in 300 quick commands here). Dokku's commands
            // other than git:load-image do not read their input.
            return;
        }

        Stream channelInput;
        try
        {
            channelInput = command.CreateInputStream();
        }
        catch (InvalidOperationException)
        {
            // A quick command (apps:create) can end before its input is opened: it needed none, and
            // its exit code and output say whatever there is to say.
            return;
        }

        var input = new CommandInputStream(channelInput, execute, abort.Token, _options.InputStallTimeout);
        try
        {
            await writeStdin(input, abort.Token).ConfigureAwait(false);
            await input.FlushAsync(abort.Token).ConfigureAwait(false);
        }
        catch (Exception) when (input.RemoteStoppedReading)
        {
            // The remote command exited early (e.g. Dokku refused the app): its exit code and stderr tell why.
            _log.Detail($"The remote command ended after reading {input.BytesWritten:N0} bytes or fewer of its input.");
            return;
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            return;
        }
        catch
        {
            // The local source failed (e.g. `docker save`): stop the remote command rather than hand it a truncated stream.
            await abort.CancelAsync().ConfigureAwait(false);
            throw;
        }

        CloseInput(channelInput, input.BytesWritten);
    }

    private void CloseInput(Stream channelInput, long bytesWritten)
    {
        if (bytesWritten == 0 && !EmptyInputEof.TrySend(channelInput))
        {
            _log.Detail("Could not send end-of-input to a command that got no input; a command that reads its input may wait.");
        }

        channelInput.Dispose();
    }

    private static Task ReadLinesAsync(Stream stream, Action<string> onLine, object callbacks, CancellationTokenSource abort) =>
        Task.Factory.StartNew(
            () =>
            {
                // SSH.NET's output streams only block, so each gets a dedicated thread instead of a pool thread.
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
                    // The command was closed (cancellation); what arrived so far is delivered below.
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
                        abort.Cancel();
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(t.Exception!.GetBaseException());
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

    private static async Task<bool> WaitQuietly(Task task, TimeSpan limit)
    {
        var first = await Task.WhenAny(task, Task.Delay(limit)).ConfigureAwait(false);
        return first == task;
    }

    private async Task CloseInBackground(SshCommand command)
    {
        // Disposing the command or the client can block on a dead connection; never let that hold up cancellation.
        var close = Task.Run(() =>
        {
            try
            {
                command.Dispose();
            }
            catch (Exception)
            {
                // Best effort: the client is closed next.
            }

            _client.Disconnect();
        });
        await WaitQuietly(close, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
    }

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

    private static string CommandName(string commandLine)
    {
        var word = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => !w.StartsWith('-')) ?? "";
        return word.Length > 40 ? word[..40] : word;
    }

    private static bool IsConnectionFailure(Exception e) =>
        e is SshConnectionException or SocketException or ObjectDisposedException or SshOperationTimeoutException ||
        (e is SshException && e.Message.Contains("not connected", StringComparison.OrdinalIgnoreCase));
}
