using System.Text;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Ssh;
using Renci.SshNet;

namespace DokkuDeploy.Core.Git;

/// <summary>
/// `git-receive-pack 'APP'` running on the Dokku host, as a raw byte pipe for libgit2's push protocol.
/// The connection is opened and its host key checked by our <see cref="HostKeyPolicy"/> before libgit2
/// sees anything, so an untrusted server gets no byte of the push. The login is <see cref="SshRemoteShell"/>'s
/// (<see cref="SshLogin"/>: keys and agent, HostKeyAlias, host key types); its own connection because SshRemoteShell
/// hands out output only as UTF-8 lines, which would corrupt the binary pack protocol. Once SshRemoteShell can
/// start a command with raw streams, this should run on the deploy's connection instead of opening a second one.
/// Reads and writes block: libgit2 calls them on the pushing thread.
/// </summary>
internal sealed class ReceivePackChannel : IDisposable
{
    private readonly SshLogin _login;
    private readonly SshCommand _command;
    private readonly Task _execute;
    private readonly Stream _input;
    private readonly Task _stderrReader;
    private readonly ServerOutputTail _stderr = new(tailLines: 100, markedLines: 0);
    private int _disposed;

    private ReceivePackChannel(SshLogin login, SshCommand command, Task execute, Stream input, Action<string> onStderrLine)
    {
        _login = login;
        _command = command;
        _execute = execute;
        _input = input;
        _stderrReader = Task.Factory.StartNew(
            () => ReadStderr(onStderrLine), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public SshTarget Target { get; private init; } = null!;

    /// <summary>The last lines the remote command wrote to stderr (Dokku's forced command refusing, receive-pack dying).</summary>
    public IReadOnlyList<string> ErrorLines => _stderr.Lines;

    /// <exception cref="Errors.DeployException">DOKKU40xx when the host cannot be reached, its key is not trusted or login fails.</exception>
    public static async Task<ReceivePackChannel> OpenAsync(
        SshTarget target, SshCredentials credentials, HostKeyPolicy policy, string app, IDeployLog log, Action<string> onStderrLine,
        CancellationToken cancellationToken)
    {
        var login = await SshLogin.ConnectAsync(
            target, credentials, policy, log, SshConnectOptions.Default, "git push", cancellationToken).ConfigureAwait(false);

        // Dokku's forced command splits `git-receive-pack` lines on whitespace and strips the quotes;
        // the app name was validated, so it holds no space or quote.
        try
        {
            var command = login.Client.CreateCommand($"git-receive-pack '{app}'", new UTF8Encoding(false));
            var execute = command.ExecuteAsync(CancellationToken.None);
            var input = command.CreateInputStream();
            return new ReceivePackChannel(login, command, execute, input, onStderrLine) { Target = target };
        }
        catch
        {
            login.Dispose();
            throw;
        }
    }

    /// <summary>Reads what the server sent; 0 at the end of its output.</summary>
    public int Read(Span<byte> buffer) => _command.OutputStream.Read(buffer);

    public void Write(ReadOnlySpan<byte> data)
    {
        if (_execute.IsCompleted)
        {
            throw new IOException("git-receive-pack on the server has ended; it reads no more of the push.");
        }

        _input.Write(data);
        _input.Flush();
    }

    /// <summary>Waits for the remote command to end; its exit code, or null when it did not end in time.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan limit)
    {
        try
        {
            _input.Dispose();
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or IOException)
        {
            // Already closed: the command ended or the connection is gone.
        }

        var ended = await Task.WhenAny(_execute, Task.Delay(limit)).ConfigureAwait(false) == _execute;
        await Task.WhenAny(_stderrReader, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        if (!ended || _execute.IsFaulted)
        {
            _ = _execute.Exception;
            return null;
        }

        return _command.ExitStatus ?? 255;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_execute.IsCompleted)
        {
            // A push given up on (failed, cancelled, or not ended in time): closing its channel and saying goodbye are
            // sends, which block for ever on a link that went silent, so the connection is dropped first.
            SshConnectionBreaker.TryBreak(_login.Client);
        }

        try
        {
            _command.Dispose();
        }
        catch (Exception)
        {
            // The connection is closed next; nothing else to release here.
        }

        _login.Dispose();
    }

    private void ReadStderr(Action<string> onLine)
    {
        var splitter = new LineSplitter(line =>
        {
            _stderr.Add(line, stderr: true);

            onLine(line);
        });
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = _command.ExtendedOutputStream.Read(buffer, 0, buffer.Length)) > 0)
            {
                splitter.Write(buffer.AsSpan(0, read));
            }
        }
        catch (ObjectDisposedException)
        {
            // Closed after a failure or cancellation: what arrived so far is delivered below.
        }

        splitter.Complete();
    }
}
