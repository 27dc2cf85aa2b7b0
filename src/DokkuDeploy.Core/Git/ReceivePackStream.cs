using System.Buffers;
using LibGit2Sharp;

namespace DokkuDeploy.Core.Git;

/// <summary>The bytes of one push, between libgit2 and <see cref="ReceivePackChannel"/>; the server's messages are relayed on the way.</summary>
internal sealed class ReceivePackStream(SmartSubtransport transport, ReceivePackRoute route) : SmartSubtransportStream(transport)
{
    private const int ChunkSize = 64 * 1024;

    public override int Read(Stream dataStream, long length, out long bytesRead)
    {
        route.CancellationToken.ThrowIfCancellationRequested();
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(length, ChunkSize));
        try
        {
            var read = route.Channel.Read(buffer.AsSpan(0, (int)Math.Min(length, buffer.Length)));
            route.CancellationToken.ThrowIfCancellationRequested();
            route.Relay.Received(buffer.AsSpan(0, read));
            dataStream.Write(buffer, 0, read);
            bytesRead = read;
            return 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override int Write(Stream dataStream, long length)
    {
        route.CancellationToken.ThrowIfCancellationRequested();
        route.Relay.RequestSent();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            while (length > 0)
            {
                var read = dataStream.Read(buffer, 0, (int)Math.Min(length, ChunkSize));
                if (read <= 0)
                {
                    break;
                }

                route.Channel.Write(buffer.AsSpan(0, read));
                length -= read;
            }

            return 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
