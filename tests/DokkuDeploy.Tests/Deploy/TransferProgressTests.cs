using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Tests.Dokku;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Deploy;

public class TransferProgressTests
{
    sealed class ManualTime : TimeProvider
    {
        long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => ticks;

        public void Advance(TimeSpan by) => ticks += by.Ticks;
    }

    const long About153MB = 160_841_948;

    [Test]
    public void Before_the_first_byte_is_taken_it_says_it_waits_and_tells_no_time_left()
    {
        var time = new ManualTime();
        var progress = new TransferProgress(Stream.Null, new RecordingLog(), About153MB, time);
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.That(progress.Describe(), Is.EqualTo("Sent 0 B of about 153.4 MB in 3 s: waiting for the server to take the first bytes"));
    }

    [Test]
    public async Task Time_left_is_counted_from_the_rate_and_read_in_minutes()
    {
        var time = new ManualTime();
        var progress = new TransferProgress(Stream.Null, new RecordingLog(), 100 * 1024 * 1024, time);
        time.Advance(TimeSpan.FromSeconds(10));
        await progress.WriteAsync(new byte[1024 * 1024]);
        Assert.That(progress.Describe(), Is.EqualTo("Sent 1.0 MB of about 100.0 MB, 102.4 KB/s, about 16 min 30 s left"));
    }

    [Test]
    public async Task A_compressed_transfer_tells_the_image_bytes_it_carries_and_counts_the_time_left_in_them()
    {
        var time = new ManualTime();
        var progress = new TransferProgress(Stream.Null, new RecordingLog(), 100 * 1024 * 1024, time) { ImageBytesSent = () => 2 * 1024 * 1024 };
        time.Advance(TimeSpan.FromSeconds(10));
        await progress.WriteAsync(new byte[1024 * 1024]);
        Assert.That(progress.Describe(), Is.EqualTo("Sent 1.0 MB (2.0 MB of the image) of about 100.0 MB, 102.4 KB/s, about 8 min 10 s left"));
    }

    [Test]
    public async Task Reports_at_most_once_a_second()
    {
        var time = new ManualTime();
        var log = new RecordingLog();
        var progress = new TransferProgress(Stream.Null, log, 10_000, time);
        await progress.WriteAsync(new byte[100]);
        time.Advance(TimeSpan.FromSeconds(1));
        await progress.WriteAsync(new byte[100]);
        await progress.WriteAsync(new byte[100]);
        Assert.That(log.Everything.Count(l => l.Contains("Sent ")), Is.EqualTo(1));
    }

    [TestCase(40, "40 s")]
    [TestCase(89.2, "1 min 30 s")]
    [TestCase(180, "3 min")]
    [TestCase(200, "3 min 20 s")]
    [TestCase(7500, "2 h 5 min")]
    [TestCase(200_000, "more than a day")]
    public void Time_left_reads_as_a_person_says_it(double seconds, string expected) =>
        Assert.That(TimeLeft.Format(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));
}
