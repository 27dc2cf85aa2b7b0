using System.IO.Compression;
using DokkuDeploy.Core.Deploy;

namespace DokkuDeploy.Tests.Deploy;

public sealed class GzipPipeTests
{
    /// <summary>A destination that takes nothing until let go, as a stalled SSH channel.</summary>
    sealed class GatedStream : MemoryStream
    {
        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Open.Task.WaitAsync(cancellationToken);
            await base.WriteAsync(buffer, cancellationToken);
        }
    }

    sealed class BrokenStream : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(new IOException("the channel closed"));
    }

    static byte[] ImageLike(int size)
    {
        // Half random (compressed layers, binaries), half text: as an image, it gzips to about half.
        var bytes = new byte[size];
        new Random(7).NextBytes(bytes.AsSpan(0, size / 2));
        for (var i = size / 2; i < size; i++)
        {
            bytes[i] = (byte)"using System; namespace App { }\n"[i % 32];
        }

        return bytes;
    }

    [Test]
    public async Task What_is_written_arrives_gzipped_and_whole()
    {
        var image = ImageLike(5 * 1024 * 1024 + 123);
        var wire = new MemoryStream();
        using (var pipe = new GzipPipe(wire, CancellationToken.None))
        {
            for (var offset = 0; offset < image.Length; offset += 1 << 20)
            {
                await pipe.WriteAsync(image.AsMemory(offset, Math.Min(1 << 20, image.Length - offset)));
            }

            await pipe.CompleteAsync(CancellationToken.None);
            Assert.That(pipe.ImageBytes, Is.EqualTo(image.Length));
            Assert.That(pipe.ImageBytesSent, Is.EqualTo(image.Length), "the last chunk sent carries the whole image");
        }

        Assert.That(wire.Length, Is.LessThan(image.Length * 0.6), "gzip at its fastest still halves the text");
        wire.Position = 0;
        var back = new MemoryStream();
        await new GZipStream(wire, CompressionMode.Decompress).CopyToAsync(back);
        Assert.That(back.ToArray(), Is.EqualTo(image));
    }

    [Test]
    public async Task A_stalled_link_stops_the_writer_after_a_few_chunks_instead_of_buffering_the_image()
    {
        var wire = new GatedStream();
        using var pipe = new GzipPipe(wire, CancellationToken.None);
        var random = new byte[1 << 20];
        new Random(3).NextBytes(random);
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < 64; i++)
            {
                await pipe.WriteAsync(random);
            }
        });
        await Task.WhenAny(writing, Task.Delay(TimeSpan.FromSeconds(2)));
        Assert.That(writing.IsCompleted, Is.False, "64 MB went nowhere");
        Assert.That(pipe.ImageBytes, Is.LessThanOrEqualTo((GzipPipe.QueuedChunks + 2) * (long)GzipPipe.ChunkSize + (1 << 20) * 2),
            "what waits is the queue, a chunk in flight and one write's output");

        wire.Open.SetResult();
        await writing.WaitAsync(TimeSpan.FromSeconds(30));
        await pipe.CompleteAsync(CancellationToken.None);
        Assert.That(wire.Length, Is.GreaterThan(64L * 1024 * 1024), "random bytes do not shrink, and all of them arrived");
    }

    [Test]
    public async Task Cancelling_ends_a_writer_that_waits_for_a_stalled_link()
    {
        using var cancel = new CancellationTokenSource();
        using var pipe = new GzipPipe(new GatedStream(), cancel.Token);
        var random = new byte[1 << 20];
        new Random(5).NextBytes(random);
        var writing = Task.Run(async () =>
        {
            while (true)
            {
                await pipe.WriteAsync(random, cancel.Token);
            }
        });
        await Task.Delay(300);
        cancel.Cancel();
        Assert.That(async () => await writing.WaitAsync(TimeSpan.FromSeconds(10)), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void A_broken_link_fails_the_writer_with_its_error()
    {
        using var pipe = new GzipPipe(new BrokenStream(), CancellationToken.None);
        var random = new byte[1 << 20];
        new Random(9).NextBytes(random);
        Assert.That(
            async () =>
            {
                for (var i = 0; i < 64; i++)
                {
                    await pipe.WriteAsync(random);
                }

                await pipe.CompleteAsync(CancellationToken.None);
            },
            Throws.InstanceOf<IOException>().With.Message.EqualTo("the channel closed"));
    }
}
