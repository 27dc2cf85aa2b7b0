using DokkuDeploy.Core.Ssh;

namespace DokkuDeploy.Tests.Dokku;

/// <summary>Replays a transcript: records what was sent, reads stdin fully, then plays stdout and stderr lines.</summary>
public sealed class FakeRemoteShell : IRemoteShell
{
    private readonly Queue<Transcript> _answers;

    public FakeRemoteShell(params Transcript[] answers)
    {
        _answers = new Queue<Transcript>(answers);
    }

    public List<string> CommandLines { get; } = new();

    public List<byte[]> StdinReceived { get; } = new();

    /// <summary>Called after each line is handed to the client, to observe what the log holds at that moment.</summary>
    public Action<string>? AfterEachLine { get; set; }

    public async Task<int> RunAsync(
        string commandLine,
        Func<Stream, CancellationToken, Task>? writeStdin,
        Action<string> onStdoutLine,
        Action<string> onStderrLine,
        CancellationToken cancellationToken)
    {
        CommandLines.Add(commandLine);
        var answer = _answers.Dequeue();
        if (writeStdin is not null)
        {
            using var stdin = new MemoryStream();
            await writeStdin(stdin, cancellationToken);
            StdinReceived.Add(stdin.ToArray());
        }

        foreach (var line in answer.StandardOutputLines)
        {
            onStdoutLine(line);
            AfterEachLine?.Invoke(line);
        }

        foreach (var line in answer.StandardErrorLines)
        {
            onStderrLine(line);
            AfterEachLine?.Invoke(line);
        }

        return answer.ExitCode;
    }
}
