using NUnit.Framework;
using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Tests.BuildContext;

public class ContextDirectoryTests
{
    private static List<ContextFile> Walk(TempTree tree, string ignore = "", ContextTestLog? log = null, string? prefix = null) =>
        ContextDirectory.Enumerate(tree.Root, DockerIgnore.Parse(ignore), log ?? new ContextTestLog(), prefix).ToList();

    private static string[] Paths(IEnumerable<ContextFile> files) => files.Select(f => f.Path).ToArray();

    [Test]
    public void Lists_files_and_directories_in_order()
    {
        using var tree = new TempTree().File("b.txt").File("a/z.txt").File("a/y.txt").Dir("empty");
        Assert.That(Paths(Walk(tree)), Is.EqualTo(new[] { "a", "a/y.txt", "a/z.txt", "b.txt", "empty" }));
    }

    [Test]
    public void Files_point_at_their_source()
    {
        using var tree = new TempTree().File("a/b.txt", "hello");
        var file = Walk(tree).Single(f => f.Kind == ContextFileKind.File);
        Assert.That(file.SourcePath, Is.EqualTo(tree.PathOf("a/b.txt")));
    }

    [Test]
    public void Applies_dockerignore()
    {
        using var tree = new TempTree().File("src/a.cs").File("bin/x.dll").File("obj/y.json").File("README.md").File(".dockerignore", "bin\nobj\n*.md\n");
        Assert.That(Paths(Walk(tree, "bin\nobj\n*.md\n")), Is.EqualTo(new[] { ".dockerignore", "src", "src/a.cs" }));
    }

    [Test]
    public void Walks_an_excluded_directory_when_a_file_inside_is_re_included()
    {
        using var tree = new TempTree().File("docs/README.md").File("docs/other.md").File("docs/deep/x.md");
        Assert.That(Paths(Walk(tree, "docs\n!docs/README.md\n")), Is.EqualTo(new[] { "docs/README.md" }));
    }

    [Test]
    public void Skips_an_excluded_directory_no_exclusion_reaches()
    {
        using var tree = new TempTree().File("a/keep").File("keep");
        Assert.That(Paths(Walk(tree, "a\n!**/keep\n")), Is.EqualTo(new[] { "keep" }));
    }

    [Test]
    public void Marks_executables()
    {
        using var tree = new TempTree().File("run.sh", "#!/bin/sh", executable: true).File("data.txt");
        var files = Walk(tree).ToDictionary(f => f.Path);
        Assert.Multiple(() =>
        {
            Assert.That(files["run.sh"].Executable, Is.True);
            Assert.That(files["data.txt"].Executable, Is.False);
        });
    }

    [Test]
    public void Puts_entries_under_the_prefix()
    {
        using var tree = new TempTree().File("a/b.txt");
        Assert.That(Paths(Walk(tree, prefix: "app/")), Is.EqualTo(new[] { "app/a", "app/a/b.txt" }));
    }

    [Test]
    public void Keeps_relative_symlinks_inside_the_tree_without_following_them()
    {
        using var tree = new TempTree().File("real/file.txt").Symlink("link.txt", "real/file.txt").Symlink("dirlink", "real").Symlink("real/up", "../real/file.txt");
        var files = Walk(tree);
        Assert.Multiple(() =>
        {
            Assert.That(Paths(files), Is.EqualTo(new[] { "dirlink", "link.txt", "real", "real/file.txt", "real/up" }));
            Assert.That(files.Single(f => f.Path == "dirlink").Kind, Is.EqualTo(ContextFileKind.Symlink));
            Assert.That(files.Single(f => f.Path == "link.txt").LinkTarget, Is.EqualTo("real/file.txt"));
        });
    }

    [TestCase("/etc/passwd")]
    [TestCase("../outside")]
    [TestCase("sub/../../outside")]
    [TestCase("..")]
    public void Sends_symlinks_leaving_the_tree_as_links_with_a_warning(string target)
    {
        var log = new ContextTestLog();
        using var tree = new TempTree().File("ok.txt").Symlink("bad", target);
        Assert.Multiple(() =>
        {
            var files = Walk(tree, log: log);
            Assert.That(Paths(files), Is.EqualTo(new[] { "bad", "ok.txt" }));
            Assert.That(files[0].Kind, Is.EqualTo(ContextFileKind.Symlink));
            Assert.That(files[0].LinkTarget, Is.EqualTo(target));
            Assert.That(log.Warnings.Select(w => w.Code), Is.EqualTo(new[] { "DOKKU2101" }));
            Assert.That(log.Warnings[0].Message, Does.Contain("bad"));
        });
    }

    [Test]
    public void Does_not_follow_a_symlinked_directory_out_of_the_tree()
    {
        var log = new ContextTestLog();
        using var outside = new TempTree().File("secret.txt");
        using var tree = new TempTree().Symlink("escape", outside.Root);
        var files = Walk(tree, log: log);
        Assert.That(files.Select(f => (f.Path, f.Kind)), Is.EqualTo(new[] { ("escape", ContextFileKind.Symlink) }), "the link itself, nothing behind it");
    }

    [Test]
    public void Skips_a_fifo_with_a_warning_and_without_blocking()
    {
        Prerequisite.Require(!OperatingSystem.IsWindows(), "needs FIFOs (none on Windows)");

        var log = new ContextTestLog();
        using var tree = new TempTree().File("ok.txt").Fifo("pipe");
        Assert.Multiple(() =>
        {
            Assert.That(Paths(Walk(tree, log: log)), Is.EqualTo(new[] { "ok.txt" }));
            Assert.That(log.Warnings.Single().Code, Is.EqualTo("DOKKU2102"));
            Assert.That(log.Warnings.Single().Message, Does.Contain("pipe").And.Contain("FIFO"));
        });
    }

    [Test]
    public void An_ignored_fifo_is_not_warned_about()
    {
        Prerequisite.Require(!OperatingSystem.IsWindows(), "needs FIFOs (none on Windows)");

        var log = new ContextTestLog();
        using var tree = new TempTree().Fifo("pipe");
        Assert.Multiple(() =>
        {
            Assert.That(Walk(tree, "pipe", log), Is.Empty);
            Assert.That(log.Warnings, Is.Empty);
        });
    }

    [Test]
    public void Skips_a_socket_with_a_warning()
    {
        Prerequisite.Require(!OperatingSystem.IsWindows(), "needs Unix sockets in the file system (none on Windows)");

        var log = new ContextTestLog();
        using var tree = new TempTree();
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(tree.PathOf("s.sock")));
        Assert.Multiple(() =>
        {
            Assert.That(Walk(tree, log: log), Is.Empty);
            Assert.That(log.Warnings.Single().Code, Is.EqualTo("DOKKU2102"));
        });
    }

    [Test]
    public void Skips_names_that_are_not_utf8()
    {
        Prerequisite.Require(OperatingSystem.IsLinux(), "needs a file system that stores raw bytes");

        var log = new ContextTestLog();
        using var tree = new TempTree().File("ok.txt").RawNameFile("bad\\377name");
        Assert.Multiple(() =>
        {
            Assert.That(Paths(Walk(tree, log: log)), Is.EqualTo(new[] { "ok.txt" }));
            Assert.That(log.Warnings.Single().Code, Is.EqualTo("DOKKU2103"));
        });
    }

    [Test]
    public void A_missing_root_is_a_coded_error()
    {
        var e = Assert.Throws<DeployException>(() => ContextDirectory.Enumerate("/nonexistent/dokku-ctx", DockerIgnore.Empty, new ContextTestLog()));
        Assert.That(e!.Code, Is.EqualTo("DOKKU2003"));
    }

    [Test]
    public void Streams_entries_lazily()
    {
        using var tree = new TempTree().File("a.txt").File("b.txt");
        using var enumerator = ContextDirectory.Enumerate(tree.Root, DockerIgnore.Empty, new ContextTestLog()).GetEnumerator();
        Assert.That(enumerator.MoveNext(), Is.True);
        File.Delete(tree.PathOf("b.txt"));
        var rest = new List<string>();
        while (enumerator.MoveNext())
        {
            rest.Add(enumerator.Current.Path);
        }

        Assert.That(rest, Is.Empty, "a file deleted mid-walk is simply not listed");
    }
}
