namespace DokkuDeploy.Core.Dokku;

/// <summary>
/// What a server command printed, kept bounded while every line still streams to the log: the last
/// <see cref="TailLines"/> lines of both streams (at most <see cref="TailChars"/> characters), and from before them
/// only Dokku's own step, header and error lines, the last <see cref="MarkedLines"/> of them. That is all a failure
/// message quotes (<see cref="DokkuOutput.Summarize"/>: the error lines, else the last dozen lines) and all a
/// deploy reads back (its steps, "Application deployed:" and its URLs near the end), while `logs` of many lines or a
/// long build on the server (thousands of lines of build output) no longer grow a build node's memory without bound.
/// Each kept line is cut at <see cref="KeptLineLength"/> characters. Safe to add to from two reader threads.
/// </summary>
internal sealed class ServerOutputTail
{
    public const int TailLines = 500;
    public const int TailChars = 512 * 1024;
    public const int MarkedLines = 200;
    public const int KeptLineLength = 8 * 1024;

    private readonly Queue<Entry> _tail = new();
    private readonly Queue<Entry> _marked = new();
    private readonly int _tailLines;
    private readonly int _tailChars;
    private readonly int _markedLines;
    private long _tailCharCount;
    private long _dropped;

    public ServerOutputTail(int tailLines = TailLines, int tailChars = TailChars, int markedLines = MarkedLines)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tailLines);
        _tailLines = tailLines;
        _tailChars = tailChars;
        _markedLines = markedLines;
    }

    /// <summary>Lines that arrived but are no longer kept (the log had them all).</summary>
    public long DroppedLines
    {
        get
        {
            lock (_tail)
            {
                return _dropped;
            }
        }
    }

    public void Add(string? line, bool stderr = false)
    {
        var text = line ?? string.Empty;
        if (text.Length > KeptLineLength)
        {
            text = text[..KeptLineLength] + " …";
        }

        lock (_tail)
        {
            _tail.Enqueue(new Entry(text, stderr));
            _tailCharCount += text.Length;
            while (_tail.Count > _tailLines || (_tailCharCount > _tailChars && _tail.Count > 1))
            {
                var old = _tail.Dequeue();
                _tailCharCount -= old.Line.Length;
                if (_markedLines > 0 && DokkuOutput.Classify(old.Line) is DokkuLineKind.Step or DokkuLineKind.Header or DokkuLineKind.Error)
                {
                    _marked.Enqueue(old);
                    if (_marked.Count > _markedLines)
                    {
                        _marked.Dequeue();
                        _dropped++;
                    }
                }
                else
                {
                    _dropped++;
                }
            }
        }
    }

    /// <summary>The kept lines of both streams, in arrival order.</summary>
    public IReadOnlyList<string> Lines => Select(_ => true);

    public IReadOnlyList<string> Stdout => Select(e => !e.Stderr);

    public IReadOnlyList<string> Stderr => Select(e => e.Stderr);

    public DokkuCommandOutput ToOutput(int exitCode)
    {
        lock (_tail)
        {
            return new DokkuCommandOutput(exitCode, Stdout, Stderr, Lines);
        }
    }

    private List<string> Select(Func<Entry, bool> which)
    {
        lock (_tail)
        {
            return _marked.Concat(_tail).Where(which).Select(e => e.Line).ToList();
        }
    }

    private readonly record struct Entry(string Line, bool Stderr);
}
