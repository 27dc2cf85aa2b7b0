using System.Formats.Tar;
using System.Text;
using NUnit.Framework;
using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Testing;

namespace DokkuDeploy.Tests.BuildContext;

/// <summary>What the docker CLI does with .dockerignore files and links, and where DokkuDeploy differs on purpose.</summary>
public class ContextParityTests
{
    [SetUp]
    public void OnlyOnUnix() => Prerequisite.Require(!OperatingSystem.IsWindows(), "needs Unix links and modes");

    static void SetMode(string path, int mode)
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, (UnixFileMode)mode);
    }

    [Test]
    public void A_dockerignore_linked_outside_the_context_is_refused_not_read()
    {
        using var outside = new TempTree().File("ignore", "secret\n");
        using var tree = new TempTree().File("secret", "x").Symlink(".dockerignore", outside.PathOf("ignore"));
        var e = Assert.Throws<DeployException>(() => DockerIgnore.Load(tree.Root));
        Assert.That(e!.Code, Is.EqualTo("DOKKU2105"));
    }

    [Test]
    public void A_dockerignore_linked_inside_the_context_is_read_as_Docker_reads_it()
    {
        using var tree = new TempTree().File("conf/ignore", "secret\n").File("secret", "x").Symlink(".dockerignore", "conf/ignore");
        Assert.That(DockerIgnore.Load(tree.Root).IsExcluded("secret"), Is.True);
    }

    [Test]
    public void A_dangling_dockerignore_link_is_no_dockerignore()
    {
        using var tree = new TempTree().Symlink(".dockerignore", "nowhere");
        Assert.That(DockerIgnore.Load(tree.Root).Patterns, Is.Empty);
    }

    [TestCase(true)]
    [TestCase(false)]
    public void A_utf16_dockerignore_applies_no_pattern_and_says_why(bool byteOrderMark)
    {
        using var tree = new TempTree().File("secret", "x");
        var bytes = Encoding.Unicode.GetBytes("secret\r\n");
        File.WriteAllBytes(tree.PathOf(".dockerignore"), byteOrderMark ? [0xFF, 0xFE, .. bytes] : bytes);
        var log = new ContextTestLog();
        var ignore = DockerIgnore.Load(tree.Root, log: log);
        Assert.That(ignore.IsExcluded("secret"), Is.False);
        Assert.That(log.Warnings.Select(w => w.Code), Is.EqualTo(new[] { "DOKKU2106" }));
    }

    [TestCase(65535, false)]
    [TestCase(65536, true)]
    public void A_line_over_64_KiB_is_refused_as_Go_s_scanner_refuses_it(int length, bool refused)
    {
        using var tree = new TempTree().File(".dockerignore", "docs\n" + "src".PadRight(length) + "\n");
        if (refused)
            Assert.That(Assert.Throws<DeployException>(() => DockerIgnore.Load(tree.Root))!.Code, Is.EqualTo("DOKKU2109"));
        else
            Assert.That(DockerIgnore.Load(tree.Root).IsExcluded("src"), Is.True);
    }

    [Test]
    public void A_dockerfile_link_is_resolved_as_the_CLI_resolves_it()
    {
        using var tree = new TempTree().File("docker/Dockerfile.real", "FROM scratch").Symlink("Dockerfile", "docker/Dockerfile.real");
        Assert.That(ContextDirectory.ResolveDockerfile(tree.Root, "Dockerfile"), Is.EqualTo("docker/Dockerfile.real"));
        Assert.That(DockerIgnore.Parse("docker\n", "docker/Dockerfile.real").IsExcluded("docker/Dockerfile.real"), Is.False);
    }

    [Test]
    public void A_dockerfile_linked_outside_the_context_is_refused()
    {
        using var outside = new TempTree().File("Dockerfile", "FROM scratch");
        using var tree = new TempTree().Symlink("Dockerfile", outside.PathOf("Dockerfile"));
        Assert.That(Assert.Throws<DeployException>(() => ContextDirectory.ResolveDockerfile(tree.Root, "Dockerfile"))!.Code, Is.EqualTo("DOKKU1108"));
    }

    [Test]
    public async Task Docker_modes_are_kept_but_group_and_other_write()
    {
        using var tree = new TempTree().File("private").File("shared").File("suid").Dir("dir");
        SetMode(tree.PathOf("private"), 0b110_000_000);
        SetMode(tree.PathOf("shared"), 0b110_110_110);
        SetMode(tree.PathOf("suid"), 0b100_111_101_101);
        SetMode(tree.PathOf("dir"), 0b111_111_000);
        var log = new ContextTestLog();
        var modes = await ModesAsync(ContextDirectory.Enumerate(tree.Root, DockerIgnore.Empty, log, dockerModes: true));
        Assert.That(modes, Is.EqualTo(new Dictionary<string, int>
        {
            ["dir"] = 0b111_101_000, ["private"] = 0b110_000_000, ["shared"] = 0b110_100_100, ["suid"] = 0b100_111_101_101,
        }));
        Assert.That(log.Details, Has.One.Contains("group/other write permission cleared on 2 entries"));

        var normalised = await ModesAsync(ContextDirectory.Enumerate(tree.Root, DockerIgnore.Empty, log));
        Assert.That(normalised.Values, Is.EquivalentTo(new[] { 0b111_101_101, 0b110_100_100, 0b110_100_100, 0b111_101_101 }), "the publish layout's modes");
    }

    [Test]
    public async Task A_file_swapped_for_a_link_after_the_walk_is_refused_not_followed()
    {
        var canary = "CANARY-" + Guid.NewGuid().ToString("N");
        using var outside = new TempTree().File("secret", canary);
        using var tree = new TempTree().File("app.cs", "fine");
        var entries = ContextDirectory.Enumerate(tree.Root, DockerIgnore.Empty, new ContextTestLog()).ToList();
        File.Delete(tree.PathOf("app.cs"));
        File.CreateSymbolicLink(tree.PathOf("app.cs"), outside.PathOf("secret"));

        using var tar = new MemoryStream();
        var e = await Assert.ThrowsAsync<DeployException>(async () => await new BuildContextWriter().WriteAsync(entries, tar, CancellationToken.None));
        Assert.That(e!.Code, Is.EqualTo("DOKKU2004"));
        Assert.That(Encoding.Latin1.GetString(tar.ToArray()), Does.Not.Contain(canary));
    }

    static async Task<Dictionary<string, int>> ModesAsync(IEnumerable<ContextFile> files)
    {
        using var tar = new MemoryStream();
        await new BuildContextWriter().WriteAsync(files, tar, CancellationToken.None);
        tar.Position = 0;
        var modes = new Dictionary<string, int>();
        using var reader = new TarReader(tar);
        while (reader.GetNextEntry() is { } entry)
            modes[entry.Name.TrimEnd('/')] = (int)entry.Mode;
        return modes;
    }
}
