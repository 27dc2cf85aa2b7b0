using System.Text;

namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// Turns a byte stream into UTF-8 lines as the bytes arrive. Lines end at '\n'; trailing '\r's are dropped.
/// A '\r' inside a line (git and docker redraw progress with it) is resolved the way a terminal shows it:
/// only the text after the last '\r' is kept, so "10%\r50%\r100%" arrives as "100%" instead of as noise.
/// A last line without '\n' is delivered at the end. Lines longer than <see cref="MaxLineLength"/> are cut,
/// so a stream without line breaks cannot exhaust memory.
/// </summary>
internal sealed class LineSplitter
{
    public const int MaxLineLength = 1024 * 1024;

    private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
    private readonly StringBuilder _line = new();
    private readonly Action<string> _onLine;
    private char[] _chars = new char[4096];

    public LineSplitter(Action<string> onLine)
    {
        _onLine = onLine;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Decode(bytes, flush: false);
    }

    /// <summary>Call once at the end of the stream.</summary>
    public void Complete()
    {
        Decode([], flush: true);
        if (_line.Length > 0)
        {
            Emit();
        }
    }

    private void Decode(ReadOnlySpan<byte> bytes, bool flush)
    {
        var needed = _decoder.GetCharCount(bytes, flush);
        if (needed > _chars.Length)
        {
            _chars = new char[Math.Max(needed, _chars.Length * 2)];
        }

        var count = _decoder.GetChars(bytes, _chars, flush);
        var start = 0;
        for (var i = 0; i < count; i++)
        {
            if (_chars[i] == '\n')
            {
                _line.Append(_chars, start, i - start);
                Emit();
                start = i + 1;
            }
            else if (_line.Length + (i - start) >= MaxLineLength)
            {
                _line.Append(_chars, start, i - start);
                Emit();
                start = i;
            }
        }

        _line.Append(_chars, start, count - start);
    }

    private void Emit()
    {
        var end = _line.Length;
        while (end > 0 && _line[end - 1] == '\r')
        {
            end--;
        }

        var text = _line.ToString(0, end);
        _line.Clear();
        var lastReturn = text.LastIndexOf('\r');
        _onLine(lastReturn < 0 ? text : text[(lastReturn + 1)..]);
    }
}
