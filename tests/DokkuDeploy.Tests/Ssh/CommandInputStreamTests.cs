using DokkuDeploy.Core.Ssh;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Ssh;

public class CommandInputStreamTests
{
    /// <summary>Records write sizes; can block forever like SSH.NET's channel stream when the window is exhausted.</summary>
    private sealed class FakeChannel : Stream
    {
        public List<int> Writes { get; } = [];

        public long Total { get; private set; }

        public bool BlockForever { get; set; }

        /// <summary>Set when a write has reached the channel (and, with <see cref="BlockForever"/>, is stuck there).</summary>
        public TaskCompletionSource WriteEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Write(byte[] buffer, int offset, int count)
        {
            WriteEntered.TrySetResult();
            if (BlockForever)
            {
                Thread.Sleep(Timeout.Infinite);
            }

            Writes.Add(count);
            Total += count;
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Total;

        public override long Position { get => Total; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>A frozen link: the write blocks its caller's thread and never returns, and the command never ends.</summary>
    [Test]
    [CancelAfter(300_000)] // a hang guard: the write never returns, so only the watchdog can end it
    public void A_write_that_blocks_its_caller_for_ever_becomes_a_connection_error_after_the_stall_timeout()
    {
        var channel = new FakeChannel { BlockForever = true };
        var input = new CommandInputStream(channel, new TaskCompletionSource().Task, CancellationToken.None, TimeSpan.FromSeconds(1));

        Assert.ThrowsAsync<Renci.SshNet.Common.SshConnectionException>(async () => await input.WriteAsync(new byte[CommandInputStream.BufferSize]));
    }

    [Test]
    public async Task Gathers_small_writes_into_large_ones()
    {
        var channel = new FakeChannel();
        var input = new CommandInputStream(channel, new TaskCompletionSource().Task, CancellationToken.None);

        for (var i = 0; i < 600_000; i++)
        {
            input.WriteByte(1);
        }

        await input.WriteAsync(new byte[1000]);
        await input.FlushAsync();

        Assert.That(channel.Total, Is.EqualTo(601_000));
        Assert.That(input.BytesWritten, Is.EqualTo(601_000));
        Assert.That(channel.Writes.Take(2), Has.All.EqualTo(CommandInputStream.BufferSize));
        Assert.That(channel.Writes, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Passes_large_writes_straight_through()
    {
        var channel = new FakeChannel();
        var input = new CommandInputStream(channel, new TaskCompletionSource().Task, CancellationToken.None);

        await input.WriteAsync(new byte[1024 * 1024]);

        Assert.That(channel.Writes, Is.EqualTo(new[] { 1024 * 1024 }));
    }

    [Test]
    public async Task A_write_stuck_after_the_command_ended_fails_instead_of_hanging()
    {
        var channel = new FakeChannel { BlockForever = true };
        var ended = new TaskCompletionSource();
        var input = new CommandInputStream(channel, ended.Task, CancellationToken.None);

        var write = input.WriteAsync(new byte[1024 * 1024]).AsTask();
        await channel.WriteEntered.Task.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.That(write.IsCompleted, Is.False);
        ended.SetResult();

        await Assert.ThrowsAsync<RemoteStoppedReadingException>(() => write.WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.That(input.RemoteStoppedReading, Is.True);
        await Assert.ThrowsAsync<RemoteStoppedReadingException>(() => input.WriteAsync(new byte[1024 * 1024]).AsTask());
    }

    [Test]
    public void A_stuck_write_ends_on_cancellation()
    {
        var channel = new FakeChannel { BlockForever = true };
        using var cancel = new CancellationTokenSource();
        var input = new CommandInputStream(channel, new TaskCompletionSource().Task, cancel.Token);

        var write = input.WriteAsync(new byte[1024 * 1024]).AsTask();
        cancel.CancelAfter(100);

        Assert.That(() => write.WaitAsync(TimeSpan.FromSeconds(5)), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(input.RemoteStoppedReading, Is.False);
    }

    [Test]
    public async Task Dispose_by_the_caller_does_not_close_the_channel()
    {
        var channel = new FakeChannel();
        var input = new CommandInputStream(channel, new TaskCompletionSource().Task, CancellationToken.None);

        await using (input)
        {
            await input.WriteAsync(new byte[10]);
        }

        await input.FlushAsync();
        Assert.That(channel.Total, Is.EqualTo(10));
    }
}
