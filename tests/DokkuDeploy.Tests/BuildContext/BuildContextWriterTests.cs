using NUnit.Framework;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Tests.BuildContext;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class BuildContextWriterTests
{
    private static readonly DateTimeOffset DirectoryTime = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<(byte[] Tar, ContextSummary Summary)> WriteAsync(IEnumerable<ContextFile> files)
    {
        using var output = new MemoryStream();
        var summary = await new BuildContextWriter().WriteAsync(files, output, CancellationToken.None);
        return (output.ToArray(), summary);
    }

    private static List<TarEntry> Read(byte[] tar)
    {
        var entries = new List<TarEntry>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            entries.Add(entry);
        }

        return entries;
    }

    private static ContextFile Text(string path, string text) => ContextFile.FromText(path, text);

    private static async Task<byte[]> WriteTreeAsync(TempTree tree) =>
        (await WriteAsync(ContextDirectory.Enumerate(tree.Root, DockerIgnore.Empty, new ContextTestLog()))).Tar;

    /// <summary>Returns once the wall clock has reached the next whole second (tar's time resolution).</summary>
    private static async Task NextSecondAsync()
    {
        var second = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        while (DateTimeOffset.UtcNow.ToUnixTimeSeconds() == second)
        {
            await Task.Delay(20);
        }
    }

    private static TempTree SampleTree() => new TempTree()
        .File("Dockerfile", "FROM scratch\n")
        .File("app/HelloDokku.dll", new string('x', 5000))
        .File("app/wwwroot/site.css", "body{}")
        .File("app/run.sh", "#!/bin/sh\n", executable: true)
        .Symlink("app/current", "HelloDokku.dll");

    [Test]
    public async Task Same_input_gives_identical_bytes()
    {
        using var tree = SampleTree();
        var first = await WriteTreeAsync(tree);
        await NextSecondAsync(); // tar times have whole seconds: a clock-derived field would now differ
        var second = await WriteTreeAsync(tree);
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public async Task Copies_with_other_mtimes_and_permissions_noise_give_identical_bytes()
    {
        using var one = SampleTree();
        using var two = SampleTree();
        foreach (var file in Directory.EnumerateFiles(two.Root, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).LinkTarget is null))
        {
            File.SetLastWriteTimeUtc(file, new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc));
            File.SetLastAccessTimeUtc(file, new DateTime(2023, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        }

        File.SetUnixFileMode(two.PathOf("app/wwwroot/site.css"), (UnixFileMode)0b110_000_000); // 0600
        Directory.SetLastWriteTimeUtc(two.PathOf("app"), new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.That(await WriteTreeAsync(two), Is.EqualTo(await WriteTreeAsync(one)));
    }

    [Test]
    public async Task Summary_hash_is_the_hash_of_the_bytes_written()
    {
        using var tree = SampleTree();
        using var output = new MemoryStream();
        var summary = await new BuildContextWriter().WriteAsync(ContextDirectory.Enumerate(tree.Root, DockerIgnore.Empty, new ContextTestLog()), output, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(summary.Sha256, Is.EqualTo(Convert.ToHexString(SHA256.HashData(output.ToArray())).ToLowerInvariant()));
            Assert.That(summary.TarBytes, Is.EqualTo(output.Length));
            Assert.That(summary.FileCount, Is.EqualTo(4));
            Assert.That(summary.SymlinkCount, Is.EqualTo(1));
            Assert.That(summary.DirectoryCount, Is.EqualTo(2));
            Assert.That(summary.TotalBytes, Is.EqualTo(13 + 5000 + 6 + 10));
        });
    }

    [Test]
    public async Task Does_not_close_the_output()
    {
        using var output = new MemoryStream();
        await new BuildContextWriter().WriteAsync([Text("a", "b")], output, CancellationToken.None);
        Assert.That(output.CanWrite, Is.True);
    }

    [Test]
    public async Task File_time_follows_content()
    {
        var (tar, _) = await WriteAsync([Text("a.txt", "one"), Text("b.txt", "one"), Text("c.txt", "two")]);
        var times = Read(tar).ToDictionary(e => e.Name, e => e.ModificationTime);
        Assert.Multiple(() =>
        {
            Assert.That(times["a.txt"], Is.EqualTo(times["b.txt"]), "same content, same time, whatever the path");
            Assert.That(times["c.txt"], Is.Not.EqualTo(times["a.txt"]), "other content, other time");
            Assert.That(times["a.txt"], Is.EqualTo(ContentTimestamp.FromSha256(SHA256.HashData("one"u8))));
        });
    }

    [Test]
    public async Task A_changed_file_gets_a_new_time_and_an_unchanged_one_keeps_its_time()
    {
        using var tree = new TempTree().File("a.txt", "v1").File("b.txt", "same");
        var before = Read(await WriteTreeAsync(tree)).ToDictionary(e => e.Name, e => e.ModificationTime);
        tree.File("a.txt", "v2");
        File.SetLastWriteTimeUtc(tree.PathOf("b.txt"), DateTime.UtcNow.AddDays(3));
        var after = Read(await WriteTreeAsync(tree)).ToDictionary(e => e.Name, e => e.ModificationTime);
        Assert.Multiple(() =>
        {
            Assert.That(after["a.txt"], Is.Not.EqualTo(before["a.txt"]));
            Assert.That(after["b.txt"], Is.EqualTo(before["b.txt"]));
        });
    }

    [TestCase("")]
    [TestCase("a")]
    [TestCase("hello world")]
    [TestCase("a much longer content that spans more than one hash block, surely, yes indeed it does, 0123456789")]
    public void Content_times_are_whole_seconds_inside_the_window(string content)
    {
        var time = ContentTimestamp.FromSha256(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        Assert.Multiple(() =>
        {
            Assert.That(time, Is.GreaterThanOrEqualTo(ContentTimestamp.WindowStart).And.LessThan(ContentTimestamp.WindowEnd));
            Assert.That(time.Ticks % TimeSpan.TicksPerSecond, Is.Zero);
            Assert.That(time.Offset, Is.EqualTo(TimeSpan.Zero));
        });
    }

    [Test]
    public async Task Entries_are_sorted_with_parents_added()
    {
        var (tar, summary) = await WriteAsync([Text("z/b", "1"), Text("a-b", "2"), Text("z/a/c", "3"), ContextFile.ForDirectory("m/")]);
        Assert.Multiple(() =>
        {
            Assert.That(Read(tar).Select(e => e.Name), Is.EqualTo(new[] { "a-b", "m/", "z/", "z/a/", "z/a/c", "z/b" }));
            Assert.That(summary.DirectoryCount, Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Sorting_is_ordinal()
    {
        var (tar, _) = await WriteAsync([Text("b", ""), Text("B", ""), Text("a", ""), Text("_", ""), Text("é", ""), Text("A.txt", "")]);
        Assert.That(Read(tar).Select(e => e.Name), Is.EqualTo(new[] { "A.txt", "B", "_", "a", "b", "é" }));
    }

    [Test]
    public async Task Owner_is_root_without_names_and_modes_are_normalised()
    {
        using var tree = SampleTree();
        File.SetUnixFileMode(tree.PathOf("app/wwwroot/site.css"), (UnixFileMode)0b110_000_000);
        var entries = Read(await WriteTreeAsync(tree)).ToDictionary(e => e.Name);
        Assert.Multiple(() =>
        {
            foreach (var entry in entries.Values)
            {
                Assert.That(entry.Uid, Is.Zero, entry.Name);
                Assert.That(entry.Gid, Is.Zero, entry.Name);
                Assert.That(((GnuTarEntry)entry).UserName, Is.Empty, entry.Name);
                Assert.That(((GnuTarEntry)entry).GroupName, Is.Empty, entry.Name);
                Assert.That(entry.Format, Is.EqualTo(TarEntryFormat.Gnu), entry.Name);
            }

            Assert.That((int)entries["app/"].Mode, Is.EqualTo(0x1ED), "0755 directory");
            Assert.That((int)entries["app/run.sh"].Mode, Is.EqualTo(0x1ED), "0755 executable");
            Assert.That((int)entries["app/wwwroot/site.css"].Mode, Is.EqualTo(0x1A4), "0644 even from 0600");
            Assert.That((int)entries["Dockerfile"].Mode, Is.EqualTo(0x1A4));
            Assert.That((int)entries["app/current"].Mode, Is.EqualTo(0x1FF), "0777 symlink");
            Assert.That(entries["app/current"].EntryType, Is.EqualTo(TarEntryType.SymbolicLink));
            Assert.That(entries["app/current"].LinkName, Is.EqualTo("HelloDokku.dll"));
            Assert.That(entries["app/"].ModificationTime, Is.EqualTo(DirectoryTime));
            Assert.That(entries["app/current"].ModificationTime, Is.EqualTo(DirectoryTime));
            Assert.That(((GnuTarEntry)entries["app/HelloDokku.dll"]).AccessTime, Is.EqualTo(entries["app/HelloDokku.dll"].ModificationTime));
            Assert.That(((GnuTarEntry)entries["app/HelloDokku.dll"]).ChangeTime, Is.EqualTo(entries["app/HelloDokku.dll"].ModificationTime));
        });
    }

    [Test]
    public async Task Executable_flag_gives_0755()
    {
        var (tar, _) = await WriteAsync([ContextFile.FromBytes("tool", [1], executable: true)]);
        Assert.That((int)Read(tar).Single().Mode, Is.EqualTo(0x1ED));
    }

    [Test]
    public async Task File_content_survives_the_round_trip()
    {
        using var tree = new TempTree();
        var big = new byte[3 * 1024 * 1024 + 17];
        new Random(42).NextBytes(big);
        File.WriteAllBytes(tree.PathOf("big.bin"), big);
        var entry = Read(await WriteTreeAsync(tree)).Single();
        using var copy = new MemoryStream();
        entry.DataStream!.CopyTo(copy);
        Assert.That(copy.ToArray(), Is.EqualTo(big));
    }

    [TestCase(101)]
    [TestCase(150)]
    [TestCase(256)]
    [TestCase(1000)]
    public async Task Long_paths_are_kept_whole_and_deterministic(int length)
    {
        var directory = string.Join("/", Enumerable.Repeat("segment", length / 8));
        var path = (directory + "/" + new string('f', 40))[^length..].TrimStart('/');
        var target = new string('t', 120);
        ContextFile[] input = [Text(path, "x"), ContextFile.ForSymlink("link", target)];
        var (first, _) = await WriteAsync(input);
        var (second, _) = await WriteAsync(input);
        var entries = Read(first);
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.Name), Does.Contain(path));
            Assert.That(entries.Single(e => e.Name == "link").LinkName, Is.EqualTo(target));
            Assert.That(second, Is.EqualTo(first));
        });
    }

    [Test]
    public async Task Headers_carry_nothing_process_specific()
    {
        // PAX headers would carry the process id; GNU headers must not carry anything process-specific.
        ContextFile[] input = [Text(new string('p', 130) + "/file", "content"), Text("Dockerfile", "FROM x\n")];
        var (here, _) = await WriteAsync(input);
        var (again, _) = await Task.Run(() => WriteAsync(input));
        Assert.That(again, Is.EqualTo(here));
        Assert.That(Encoding.ASCII.GetString(here), Does.Not.Contain("PaxHeaders"));
    }

    [Test]
    public async Task Duplicate_paths_are_refused()
    {
        var e = await Assert.ThrowsAsync<DeployException>(() => WriteAsync([Text("a/b", "1"), Text("a/b", "2")]));
        Assert.That(e!.Code, Is.EqualTo("DOKKU2005"));
    }

    [Test]
    public async Task A_file_where_a_directory_is_needed_is_refused()
    {
        var e = await Assert.ThrowsAsync<DeployException>(() => WriteAsync([Text("a", "1"), Text("a/b", "2")]));
        Assert.That(e!.Code, Is.EqualTo("DOKKU2005"));
    }

    [Test]
    public async Task The_same_directory_twice_is_fine()
    {
        var (tar, _) = await WriteAsync([ContextFile.ForDirectory("d"), ContextFile.ForDirectory("d/"), Text("d/x", "")]);
        Assert.That(Read(tar).Select(e => e.Name), Is.EqualTo(new[] { "d/", "d/x" }));
    }

    [TestCase("/abs")]
    [TestCase("a/../b")]
    [TestCase("./a")]
    [TestCase("a//b")]
    [TestCase("")]
    public async Task Bad_paths_are_refused(string path)
    {
        var e = await Assert.ThrowsAsync<DeployException>(() => WriteAsync([Text(path, "")]));
        Assert.That(e!.Code, Is.EqualTo("DOKKU2006"));
    }

    [Test]
    public async Task A_vanished_file_is_a_coded_error_naming_it()
    {
        using var tree = new TempTree();
        var missing = tree.PathOf("gone.txt");
        var e = await Assert.ThrowsAsync<DeployException>(() => WriteAsync([ContextFile.FromDisk("gone.txt", missing)]));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Code, Is.EqualTo("DOKKU2004"));
            Assert.That(e.Message, Does.Contain(missing));
        });
    }

    [Test]
    public async Task Cancellation_stops_the_write()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAsync<OperationCanceledException>(() => new BuildContextWriter().WriteAsync([Text("a", "b")], new MemoryStream(), cancelled.Token));
    }

    [Test]
    public async Task An_empty_context_is_a_valid_tar()
    {
        var (tar, summary) = await WriteAsync([]);
        Assert.Multiple(() =>
        {
            Assert.That(tar.Length, Is.EqualTo(1024), "two zero blocks");
            Assert.That(summary.FileCount, Is.Zero);
        });
    }

    [Test]
    public async Task Writes_to_a_stream_that_cannot_seek()
    {
        using var tree = SampleTree();
        using var sink = new MemoryStream();
        using var forwardOnly = new ForwardOnlyStream(sink);
        await new BuildContextWriter().WriteAsync(ContextDirectory.Enumerate(tree.Root, DockerIgnore.Empty, new ContextTestLog()), forwardOnly, CancellationToken.None);
        Assert.That(sink.ToArray(), Is.EqualTo(await WriteTreeAsync(tree)));
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
