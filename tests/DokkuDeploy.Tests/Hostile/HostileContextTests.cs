using System.Text;
using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Tests.BuildContext;

namespace DokkuDeploy.Tests.Hostile;

/// <summary>
/// Build contexts built to trick the walker: links out of the tree, names that look like "..", special
/// files, names that are not UTF-8. Each is either written faithfully or left out with a coded warning,
/// and nothing outside the context is ever opened.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class HostileContextTests
{
    [SetUp]
    public void OnlyOnLinux()
    {
        Prerequisite.Require(OperatingSystem.IsLinux(), "needs Linux file system semantics (raw byte names, FIFOs, mknod)");
    }

    [Test]
    public async Task Links_out_of_the_tree_are_sent_as_links_and_what_they_point_at_never_reaches_the_tar()
    {
        var canary = "CANARY-" + Guid.NewGuid().ToString("N");
        using var outside = new TempTree().File("secret.txt", canary).File("dir/secret2.txt", canary);
        using var tree = new TempTree().File("ok.txt", "fine").File("sub/ok2.txt", "fine");
        var relativeToSecret = Path.GetRelativePath(tree.PathOf("sub"), outside.PathOf("secret.txt"));
        tree.Symlink("passwd", "/etc/passwd")
            .Symlink("up", "../../x")
            .Symlink("abs-secret", outside.PathOf("secret.txt"))
            .Symlink("sub/rel-secret", relativeToSecret)
            .Symlink("sub/sneaky", "../sub/../../" + Path.GetFileName(outside.Root) + "/secret.txt")
            .Symlink("outdir", outside.PathOf("dir"))
            .Symlink("root-itself", "/");

        var (entries, log) = HostileTree.Walk(tree.Root);
        var tar = await HostileTree.TarAsync(entries);
        var text = Encoding.Latin1.GetString(tar);

        Assert.Multiple(() =>
        {
            // As docker build sends them: links, never their targets.
            Assert.That(entries.Where(e => e.Kind != ContextFileKind.Symlink).Select(e => e.Path), Is.EqualTo(new[] { "ok.txt", "sub", "sub/ok2.txt" }));
            Assert.That(entries.Where(e => e.Kind == ContextFileKind.Symlink).Select(e => e.Path),
                Is.EquivalentTo(new[] { "passwd", "up", "abs-secret", "sub/rel-secret", "sub/sneaky", "outdir", "root-itself" }));
            Assert.That(entries.Single(e => e.Path == "passwd").LinkTarget, Is.EqualTo("/etc/passwd"));
            Assert.That(log.Warnings.Select(w => w.Code).ToList(), Has.Count.EqualTo(7).And.All.EqualTo("DOKKU2101"));
            Assert.That(text, Does.Not.Contain(canary));
            Assert.That(text, Does.Not.Contain("root:x:0:0"), "no line of /etc/passwd");
        });
    }

    [Test]
    public void A_link_to_a_fifo_outside_the_tree_is_never_opened()
    {
        // Opening a FIFO for reading blocks until a writer comes: if the walk or the writer followed the
        // link even once, this test would hang instead of finishing.
        using var outside = new TempTree().Fifo("trap");
        using var tree = new TempTree().File("ok.txt", "fine").Symlink("abs", outside.PathOf("trap"));
        tree.Symlink("rel", Path.GetRelativePath(tree.Root, outside.PathOf("trap")));
        var work = Task.Run(async () =>
        {
            var (entries, log) = HostileTree.Walk(tree.Root);
            await HostileTree.TarAsync(entries);
            return (entries, log);
        });

        Assert.That(work.Wait(TimeSpan.FromSeconds(30)), Is.True, "the walk blocked: it opened the FIFO behind a link");
        Assert.That(work.Result.entries.Select(e => (e.Path, e.Kind)), Is.EqualTo(new[] { ("abs", ContextFileKind.Symlink), ("ok.txt", ContextFileKind.File), ("rel", ContextFileKind.Symlink) }));
        Assert.That(work.Result.log.Warnings.Select(w => w.Code), Is.All.EqualTo("DOKKU2101"));
    }

    [Test]
    public async Task Names_made_of_dots_are_ordinary_names()
    {
        using var tree = new TempTree()
            .File("a..b", "1").File("..a", "2").File("b..", "3").File(". x", "4").File(".. ", "5")
            .File(".../inside.txt", "6").File("..../x", "7");

        var (entries, log) = HostileTree.Walk(tree.Root, "...\n!.../inside.txt\n");
        var read = HostileTree.Read(await HostileTree.TarAsync(entries)).ToDictionary(e => e.Name);

        Assert.Multiple(() =>
        {
            Assert.That(log.Warnings, Is.Empty);
            Assert.That(read.Keys, Is.EquivalentTo(new[] { ". x", ".. ", ".../", ".../inside.txt", "..../", "..../x", "..a", "a..b", "b.." }));
            Assert.That(new StreamReader(read["a..b"].DataStream!).ReadToEnd(), Is.EqualTo("1"));
            Assert.That(new StreamReader(read[".../inside.txt"].DataStream!).ReadToEnd(), Is.EqualTo("6"));
        });
    }

    [Test]
    public async Task Strange_but_valid_names_survive_the_round_trip()
    {
        string[] names = ["new\nline", "back\\slash", "-rf", "star*", "#hash", " lead", "trail ", "tab\tname", "quote\"'", "漢字", "emoji-😀", "\u00e9-nfc", "e\u0301-nfd", new string('n', 255)];
        using var tree = new TempTree();
        foreach (var name in names)
        {
            tree.File("d/" + name, name);
        }

        var (entries, log) = HostileTree.Walk(tree.Root);
        var read = HostileTree.Read(await HostileTree.TarAsync(entries)).Where(e => e.Name != "d/").ToDictionary(e => e.Name);

        Assert.Multiple(() =>
        {
            Assert.That(log.Warnings, Is.Empty);
            Assert.That(read.Keys, Is.EquivalentTo(names.Select(n => "d/" + n)));
            foreach (var name in names)
            {
                Assert.That(new StreamReader(read["d/" + name].DataStream!).ReadToEnd(), Is.EqualTo(name), name);
            }
        });
    }

    [Test]
    public async Task Fifos_anywhere_are_skipped_with_a_warning_and_links_to_them_stay_links()
    {
        using var tree = new TempTree().File("ok.txt").Dir("deep/er").Fifo("top").Fifo("deep/er/pipe").Symlink("to-pipe", "deep/er/pipe");
        var work = Task.Run(async () =>
        {
            var (entries, log) = HostileTree.Walk(tree.Root);
            return (entries, log, tar: await HostileTree.TarAsync(entries));
        });

        Assert.That(work.Wait(TimeSpan.FromSeconds(30)), Is.True, "a FIFO was opened");
        var (entries, log, tar) = work.Result;
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.Path), Is.EqualTo(new[] { "deep", "deep/er", "ok.txt", "to-pipe" }));
            Assert.That(log.Warnings.Select(w => w.Code), Is.EqualTo(new[] { "DOKKU2102", "DOKKU2102" }));
            Assert.That(HostileTree.Read(tar).Single(e => e.Name == "to-pipe").LinkName, Is.EqualTo("deep/er/pipe"));
        });
    }

    [Test]
    public void Device_files_are_skipped_with_a_warning_and_never_opened()
    {
        using var tree = new TempTree().File("ok.txt");
        // /dev/zero as a character device: reading it would never end. A block device (loop0) too.
        var (code, error) = HostileTree.Run("mknod", tree.PathOf("zero"), "c", "1", "5");
        Prerequisite.Require(code == 0, $"mknod is not permitted here (run the tests as root with CAP_MKNOD): {error.Trim()}");

        var blockMade = HostileTree.Run("mknod", tree.PathOf("loop"), "b", "7", "0").ExitCode == 0;
        var work = Task.Run(async () =>
        {
            var (entries, log) = HostileTree.Walk(tree.Root);
            await HostileTree.TarAsync(entries);
            return (entries, log);
        });

        Assert.That(work.Wait(TimeSpan.FromSeconds(30)), Is.True, "a device was read");
        Assert.Multiple(() =>
        {
            Assert.That(work.Result.entries.Select(e => e.Path), Is.EqualTo(new[] { "ok.txt" }));
            Assert.That(work.Result.log.Warnings.Select(w => w.Code), Is.EqualTo(Enumerable.Repeat("DOKKU2102", blockMade ? 2 : 1)));
            Assert.That(work.Result.log.Warnings.Select(w => w.Message), Has.All.Contain("device file"));
        });
    }

    [Test]
    public async Task A_directory_whose_name_is_not_utf8_is_left_out_whole_and_its_files_never_read()
    {
        var canary = "CANARY-" + Guid.NewGuid().ToString("N");
        using var tree = new TempTree().File("ok.txt");
        tree.Shell($"d=\"$(printf 'bad\\377dir')\" && mkdir \"$d\" && printf {canary} > \"$d/secret\" && ln -s \"$(printf 'x\\376y')\" badlink");

        List<ContextFile> entries;
        ContextTestLog log;
        string tar;
        try
        {
            (entries, log) = HostileTree.Walk(tree.Root);
            tar = Encoding.Latin1.GetString(await HostileTree.TarAsync(entries));
        }
        finally
        {
            tree.Shell("find . -mindepth 1 -delete"); // .NET cannot name, so cannot delete, what is not UTF-8
        }

        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.Path), Is.EqualTo(new[] { "ok.txt" }));
            Assert.That(log.Warnings.Select(w => w.Code), Is.EqualTo(new[] { "DOKKU2103", "DOKKU2103" }));
            Assert.That(tar, Does.Not.Contain(canary));
        });
    }

    [Test]
    public void A_valid_name_that_contains_the_replacement_character_is_kept()
    {
        // U+FFFD is valid UTF-8 (EF BF BD); only names the runtime had to repair are unportable.
        using var tree = new TempTree().File("a\uFFFDb.txt", "x");
        var (entries, log) = HostileTree.Walk(tree.Root);
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.Path).ToArray(), Is.EqualTo(new[] { "a\uFFFDb.txt" }));
            Assert.That(log.Warnings, Is.Empty);
        });
    }

    [Test]
    public void A_context_directory_reached_through_a_symlink_is_walked_like_docker_does()
    {
        // The docker CLI resolves the context directory itself (filepath.EvalSymlinks); only links inside it stay links.
        using var real = new TempTree().File("app/a.txt", "x");
        using var holder = new TempTree().Symlink("ctx", real.Root);
        var (entries, log) = HostileTree.Walk(holder.PathOf("ctx"));
        Assert.Multiple(() =>
        {
            Assert.That(entries.Select(e => e.Path).ToArray(), Is.EqualTo(new[] { "app", "app/a.txt" }));
            Assert.That(entries.Single(e => e.Path == "app/a.txt").SourcePath, Does.StartWith(real.Root));
            Assert.That(log.Warnings, Is.Empty);
        });
    }

    [Test]
    public async Task Symlink_loops_are_written_as_links_without_following_them()
    {
        using var tree = new TempTree().Symlink("self", "self").Symlink("a", "b").Symlink("b", "a").Dir("d").Symlink("d/parent", "..");
        var work = Task.Run(async () =>
        {
            var (entries, _) = HostileTree.Walk(tree.Root);
            return HostileTree.Read(await HostileTree.TarAsync(entries));
        });

        Assert.That(work.Wait(TimeSpan.FromSeconds(30)), Is.True);
        Assert.That((await work).Select(e => (e.Name, e.LinkName)), Is.EqualTo(new[]
        {
            ("a", "b"), ("b", "a"), ("d/", ""), ("d/parent", ".."), ("self", "self"),
        }));
    }
}

internal static class HostileTreeExtensions
{
    public static TempTree Shell(this TempTree tree, string script)
    {
        HostileTree.Shell(tree.Root, script);
        return tree;
    }
}

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class HostileDepthTests
{
    [Test]
    public void A_tree_deeper_than_PATH_MAX_is_refused_with_a_coded_error_not_silently_cut()
    {
        Prerequisite.Require(OperatingSystem.IsLinux(), "needs Linux PATH_MAX");

        // 300 levels of 17 characters: the leaf's full path is over 5,000 bytes, past Linux's PATH_MAX (4096),
        // so nothing can open it by its full path. Docker's walk fails there too.
        using var tree = new TempTree().File("ok.txt");
        // perl's chdir is relative; a shell's cd fails once its own idea of the path passes PATH_MAX.
        tree.Shell("perl -e 'for (1..300) { mkdir \"d0123456789abcdef\" or die $!; chdir \"d0123456789abcdef\" or die $! } open(my $f, \">\", \"leaf.txt\") or die $!; print $f \"x\"'");
        try
        {
            WalkAndCheck(tree);
        }
        finally
        {
            tree.Shell("rm -rf d0123456789abcdef"); // Directory.Delete cannot reach that deep
        }
    }

    private static void WalkAndCheck(TempTree tree)
    {

        List<ContextFile>? entries = null;
        DokkuDeploy.Core.Errors.DeployException? error = null;
        try
        {
            entries = HostileTree.Walk(tree.Root).Entries;
        }
        catch (DokkuDeploy.Core.Errors.DeployException e)
        {
            error = e;
        }

        TestContext.Out.WriteLine(error is null ? $"walked {entries!.Count} entries, leaf present: {entries.Any(e => e.Path.EndsWith("leaf.txt"))}" : $"{error.Code}: {error.Message[..120]}… {error.Message[^200..]}");
        Assert.That(error?.Code ?? (entries!.Any(e => e.Path.EndsWith("/leaf.txt")) ? "included" : "silently dropped"), Is.AnyOf("DOKKU2004", "included"));
    }
}
