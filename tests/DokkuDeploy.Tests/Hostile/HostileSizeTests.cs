using System.Diagnostics;
using System.Text;
using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Tests.BuildContext;

namespace DokkuDeploy.Tests.Hostile;

/// <summary>
/// Contexts that are big rather than malformed: a 4 GiB sparse file and 50,000 small files. Each is
/// written whole, in bounded memory. Memory is measured from a fresh baseline taken just before the write
/// (the resident set now, not the process's lifetime peak, which an earlier test may have set higher), and
/// sampled while the tar is written. How fast is for bench/ (ContextMemory), not for a test.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[NonParallelizable] // the resident set is the whole process's
public class HostileSizeTests
{
    private const long FourGiB = 4L << 30;
    private const long MemoryBound = 100L << 20;

    [Test]
    [Category("Slow")] // 10-20 s: 4 GiB read twice and 8 GiB hashed (SHA-256 of the content for the header time, then of the tar)
    public async Task A_4_GiB_sparse_file_is_written_whole_in_bounded_memory()
    {
        using var tree = new TempTree().File("small.txt", "hi");
        await using (var sparse = new FileStream(tree.PathOf("sparse.bin"), FileMode.CreateNew))
        {
            sparse.SetLength(FourGiB);
        }

        var entries = ContextDirectory.Enumerate(tree.Root, DockerIgnore.Empty, new ContextTestLog()).ToList();
        var before = Snapshot.Take();
        var sink = new TarCheckingStream(before.Resident);
        var clock = Stopwatch.StartNew();
        var summary = await new BuildContextWriter().WriteAsync(entries, sink, CancellationToken.None);
        clock.Stop();

        TestContext.Out.WriteLine($"4 GiB sparse file: {clock.Elapsed.TotalSeconds:F1} s, {sink.BytesWritten / clock.Elapsed.TotalSeconds / 1e9:F2} GB/s; " +
            $"resident {before.Resident >> 20} MiB before, peak {sink.ResidentPeak >> 20} MiB; managed heap {before.Managed >> 20} MiB before, live peak {sink.LivePeak >> 20} MiB, with garbage {sink.ManagedPeak >> 20} MiB");
        Assert.Multiple(() =>
        {
            Assert.That(summary.TotalBytes, Is.EqualTo(FourGiB + 2));
            Assert.That(sink.Headers, Is.EqualTo(new[] { ("small.txt", 2L), ("sparse.bin", FourGiB) }));
            Assert.That(sink.NonZeroDataBytes, Is.EqualTo(2), "the sparse file reads as zeros; only small.txt has content");
            Assert.That(sink.BytesWritten, Is.EqualTo(summary.TarBytes));
            Assert.That(sink.BytesWritten % 512, Is.Zero);
            Assert.That(sink.ResidentPeak - before.Resident, Is.LessThan(MemoryBound));
            Assert.That(sink.LivePeak - before.Managed, Is.LessThan(MemoryBound));
        });
    }

    [Test]
    [Category("Slow")] // about 10 s, mostly creating and opening 50,000 files
    public async Task Fifty_thousand_small_files_are_written_in_bounded_memory()
    {
        const int directories = 50, perDirectory = 1000;
        using var tree = new TempTree();
        var clock = Stopwatch.StartNew();
        for (var d = 0; d < directories; d++)
        {
            var directory = Directory.CreateDirectory(tree.PathOf($"d{d:D2}")).FullName;
            for (var f = 0; f < perDirectory; f++)
            {
                File.WriteAllText(Path.Combine(directory, $"file-{f:D4}.txt"), $"{d}/{f}");
            }
        }

        var created = clock.Elapsed;
        var before = Snapshot.Take();
        clock.Restart();
        var sink = new TarCheckingStream(before.Resident);
        var summary = await new BuildContextWriter().WriteAsync(ContextDirectory.Enumerate(tree.Root, DockerIgnore.Empty, new ContextTestLog()), sink, CancellationToken.None);
        var written = clock.Elapsed;
        var after = Snapshot.Take();

        TestContext.Out.WriteLine($"50,000 files: created in {created.TotalSeconds:F1} s, walked and written in {written.TotalSeconds:F1} s " +
            $"({summary.TarBytes >> 20} MiB of tar); managed heap {before.Managed >> 20} MiB before, live peak {sink.LivePeak >> 20} MiB (with garbage {sink.ManagedPeak >> 20} MiB), {after.Managed >> 20} MiB after; " +
            $"resident {before.Resident >> 20} MiB before, peak {sink.ResidentPeak >> 20} MiB");
        Assert.Multiple(() =>
        {
            Assert.That(summary.FileCount, Is.EqualTo(directories * perDirectory));
            Assert.That(summary.DirectoryCount, Is.EqualTo(directories));
            Assert.That(sink.Headers, Has.Count.EqualTo(directories * perDirectory + directories));
            Assert.That(sink.LivePeak - before.Managed, Is.LessThan(MemoryBound));
            Assert.That(sink.ResidentPeak - before.Resident, Is.LessThan(MemoryBound));
        });
    }

    /// <summary>The measurement itself can fail: memory touched after the baseline shows in the sampled peak.</summary>
    [Test]
    public void The_resident_peak_sees_memory_touched_after_the_baseline()
    {
        var before = Snapshot.Take();
        var sink = new TarCheckingStream(before.Resident);
        var touched = new byte[2 * MemoryBound];
        for (var i = 0; i < touched.Length; i += 4096)
        {
            touched[i] = 1;
        }

        sink.Write(new byte[512]);
        GC.KeepAlive(touched);
        Assert.That(sink.ResidentPeak - before.Resident, Is.GreaterThan(MemoryBound));
    }

    private readonly record struct Snapshot(long Managed, long Resident)
    {
        public static Snapshot Take()
        {
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            return new Snapshot(managed, ResidentSet.Bytes());
        }
    }

    /// <summary>The process's resident set now (not its lifetime peak), from /proc/self/statm.</summary>
    private static class ResidentSet
    {
        public static long Bytes() =>
            long.Parse(File.ReadAllText("/proc/self/statm").Split(' ')[1]) * Environment.SystemPageSize;
    }

    /// <summary>
    /// Swallows a tar while checking it: reads each 512-byte header (name, size), counts non-zero data bytes
    /// and samples the managed heap, so a 4 GiB tar needs no 4 GiB of storage.
    /// </summary>
    private sealed class TarCheckingStream : Stream
    {
        private readonly byte[] _header = new byte[512];
        private int _headerFill;
        private long _dataLeft;
        private long _paddingLeft;
        private bool _longName;
        private string? _pendingLongName;
        private readonly List<byte> _longNameBytes = [];
        private long _writes;

        public TarCheckingStream(long residentBaseline) => ResidentPeak = residentBaseline;

        public List<(string Name, long Size)> Headers { get; } = [];

        public long BytesWritten { get; private set; }

        public long NonZeroDataBytes { get; private set; }

        /// <summary>The managed heap including garbage not yet collected, sampled every 256 writes.</summary>
        public long ManagedPeak { get; private set; }

        /// <summary>Live managed memory: a full collection every 5,000 entries and every 256 MiB.</summary>
        public long LivePeak { get; private set; }

        /// <summary>The process's resident set, sampled on the first write, then every 256 writes and with <see cref="LivePeak"/>.</summary>
        public long ResidentPeak { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if ((BytesWritten + buffer.Length) >> 28 != BytesWritten >> 28)
            {
                SampleLive();
            }

            BytesWritten += buffer.Length;
            if (_writes++ % 256 == 0)
            {
                ManagedPeak = Math.Max(ManagedPeak, GC.GetTotalMemory(forceFullCollection: false));
                ResidentPeak = Math.Max(ResidentPeak, ResidentSet.Bytes());
            }

            while (buffer.Length > 0)
            {
                if (_dataLeft > 0)
                {
                    var take = (int)Math.Min(_dataLeft, buffer.Length);
                    var data = buffer[..take];
                    if (_longName)
                    {
                        _longNameBytes.AddRange(data.ToArray());
                    }
                    else if (data.IndexOfAnyExcept((byte)0) >= 0)
                    {
                        foreach (var b in data)
                        {
                            NonZeroDataBytes += b != 0 ? 1 : 0;
                        }
                    }

                    _dataLeft -= take;
                    buffer = buffer[take..];
                    if (_dataLeft == 0 && _longName)
                    {
                        _pendingLongName = Encoding.UTF8.GetString(_longNameBytes.ToArray()).TrimEnd('\0');
                        _longNameBytes.Clear();
                        _longName = false;
                    }

                    continue;
                }

                if (_paddingLeft > 0)
                {
                    var take = (int)Math.Min(_paddingLeft, buffer.Length);
                    _paddingLeft -= take;
                    buffer = buffer[take..];
                    continue;
                }

                var fill = Math.Min(512 - _headerFill, buffer.Length);
                buffer[..fill].CopyTo(_header.AsSpan(_headerFill));
                _headerFill += fill;
                buffer = buffer[fill..];
                if (_headerFill == 512)
                {
                    _headerFill = 0;
                    ReadHeader();
                }
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void ReadHeader()
        {
            if (_header.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                return; // end-of-archive block
            }

            var name = Encoding.UTF8.GetString(_header, 0, 100).TrimEnd('\0');
            var sizeField = Encoding.ASCII.GetString(_header, 124, 12).Trim('\0', ' ');
            var size = sizeField.Length == 0 ? 0 : Convert.ToInt64(sizeField, 8);
            var type = (char)_header[156];
            _dataLeft = size;
            _paddingLeft = (512 - size % 512) % 512;
            if (type == 'L')
            {
                _longName = true; // GNU long name: the data is the next entry's name
                return;
            }

            Headers.Add((_pendingLongName ?? name, size));
            _pendingLongName = null;
            if (Headers.Count % 5000 == 0)
            {
                SampleLive();
            }
        }

        private void SampleLive()
        {
            ResidentPeak = Math.Max(ResidentPeak, ResidentSet.Bytes());
            LivePeak = Math.Max(LivePeak, GC.GetTotalMemory(forceFullCollection: true));
        }
    }
}
