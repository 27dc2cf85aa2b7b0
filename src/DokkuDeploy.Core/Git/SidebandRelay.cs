using System.Globalization;
using DokkuDeploy.Core.Ssh;

namespace DokkuDeploy.Core.Git;

/// <summary>
/// Picks the server's messages out of receive-pack's answer as it streams past: after the push request,
/// the answer is pkt-lines multiplexed by side-band-64k, band 2 carrying what the hooks print (Dokku's
/// build and release output, the `remote:` lines of `git push`) and band 3 a fatal message. libgit2 parses
/// the same bytes for the ref status, but LibGit2Sharp offers push no callback for these messages.
/// Without side-band the hooks' output arrives on the command's stderr instead, which is relayed as well.
/// </summary>
internal sealed class SidebandRelay
{
    private readonly LineSplitter _progress;
    private readonly LineSplitter _fatal;
    private readonly byte[] _header = new byte[4];
    private int _headerFill;
    private int _payloadLeft;
    private bool _bandKnown;
    private byte _band;
    private bool _requestSent;

    public SidebandRelay(Action<string> onRemoteLine, Action<string> onFatalLine)
    {
        _progress = new LineSplitter(onRemoteLine);
        _fatal = new LineSplitter(onFatalLine);
    }

    /// <summary>The ref advertisement before the request is not multiplexed: call this at the first write.</summary>
    public void RequestSent() => _requestSent = true;

    public void Received(ReadOnlySpan<byte> data)
    {
        if (!_requestSent)
        {
            return;
        }

        while (data.Length > 0)
        {
            if (_payloadLeft == 0)
            {
                var take = Math.Min(4 - _headerFill, data.Length);
                data[..take].CopyTo(_header.AsSpan(_headerFill));
                _headerFill += take;
                data = data[take..];
                if (_headerFill < 4)
                {
                    return;
                }

                _headerFill = 0;
                _bandKnown = false;
                _payloadLeft = PacketLength() is var length and > 4 ? length - 4 : 0;
                continue;
            }

            if (!_bandKnown)
            {
                _band = data[0];
                _bandKnown = true;
                data = data[1..];
                _payloadLeft--;
                continue;
            }

            var chunk = data[..Math.Min(_payloadLeft, data.Length)];
            if (_band == 2)
            {
                _progress.Write(chunk);
            }
            else if (_band == 3)
            {
                _fatal.Write(chunk);
            }

            _payloadLeft -= chunk.Length;
            data = data[chunk.Length..];
        }
    }

    /// <summary>Delivers a last message line that had no line break.</summary>
    public void Complete()
    {
        _progress.Complete();
        _fatal.Complete();
    }

    private int PacketLength()
    {
        Span<byte> hex = stackalloc byte[4];
        _header.CopyTo(hex);
        return int.TryParse(System.Text.Encoding.ASCII.GetString(hex), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var length)
            ? length
            : 0;
    }
}
