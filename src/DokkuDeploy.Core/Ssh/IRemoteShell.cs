namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// Runs one command on the Dokku host over an already verified, authenticated connection.
/// The command line arrives at the server as ONE string (Dokku's forced command re-splits it);
/// callers build it with DokkuCommand so that quoting is right and secrets stay out of logs.
/// </summary>
public interface IRemoteShell
{
    /// <param name="commandLine">The exact string sent to the server.</param>
    /// <param name="writeStdin">When given, writes the command's standard input and returns; the
    /// channel's input is closed (EOF) when it completes. When null, the command gets no input and no
    /// end of input: pass a writer that writes nothing to a command that reads to the end. Never a tty.</param>
    /// <param name="onStdoutLine">Called for each stdout line as it arrives (no line ending).</param>
    /// <param name="onStderrLine">Called for each stderr line as it arrives (no line ending).</param>
    /// <returns>The remote exit code.</returns>
    Task<int> RunAsync(
        string commandLine,
        Func<Stream, CancellationToken, Task>? writeStdin,
        Action<string> onStdoutLine,
        Action<string> onStderrLine,
        CancellationToken cancellationToken);
}
