using System.Formats.Tar;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Testing;
using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>
/// Docker's containerd image store (the default for new installs since Docker 29) loads through containerd's
/// importer. Tried against containerd itself (Debian's, a private instance with its own root and socket): the
/// importer refuses a thin docker-archive even when it holds the left-out layer, takes DokkuDeploy's thin copy
/// (the same tar plus an OCI index), and, when it lacks the layer, fails with the message the full-image
/// fallback keys on.
/// </summary>
[TestFixture]
public sealed class ContainerdImportTests : StandInTestBase
{
    PrivateContainerd containerd = null!;

    [SetUp]
    public async Task StartContainerd() => containerd = await PrivateContainerd.StartAsync();

    [TearDown]
    public void StopContainerd() => containerd.Dispose();

    [Test]
    public async Task A_thin_copy_imports_where_containerd_holds_the_base_and_a_thin_docker_archive_does_not()
    {
        var app = NewAppName();
        var v1 = await BuildAppImageAsync(app, "v1", NewApp("base v1\n", wwwFiles: new Dictionary<string, string> { ["unique"] = Guid.NewGuid().ToString("N") }));
        // v2's layer is larger than any of v1's: a layer of a held one's size would be left out (by design).
        var v2 = await BuildAppImageAsync(app, "v2", NewApp("thin v2\n" + new string('x', 12_345)) with { BaseImage = v1 });
        var full = await Docker.SaveAsync(v1);
        var thin = full + ".thin";
        var plainThin = full + ".plain";
        try
        {
            var imported = await containerd.CtrAsync("held", "images", "import", full);
            Assert.That(imported.ExitCode, Is.Zero, imported.ToString());
            var held = await LayersOfAsync(full);

            var copy = await ThinCopyAsync(v2, held, thin);
            // Held layers are recognised by size (tiny ones share one), so sizes are what to compare.
            Assert.That(copy.Skipped.Select(l => l.Size).Distinct(), Is.EquivalentTo(held.Select(l => l.Size).Distinct()), "every layer of v1 is left out");
            Assert.That(copy.Layers.Count, Is.GreaterThan(copy.Skipped.Count), "v2's own layer goes");
            WithoutOciIndex(thin, plainThin);

            var refused = await containerd.CtrAsync("held", "images", "import", plainThin);
            var taken = await containerd.CtrAsync("held", "images", "import", thin);
            var listed = await containerd.CtrAsync("held", "images", "ls", "-q");
            var lacking = await containerd.CtrAsync("empty", "images", "import", thin);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(refused.ExitCode, Is.Not.Zero, refused.ToString());
                Assert.That(refused.StandardError, Does.Contain("failed to resolve layers"), "why the docker-archive alone is not enough");
                Assert.That(taken.ExitCode, Is.Zero, taken.ToString());
                Assert.That(taken.StandardOutput, Does.Contain("unpacking docker.io/" + v2).And.Contain("done"), "unpacked: the layers are all there");
                Assert.That(listed.StandardOutput, Does.Contain("docker.io/" + v2), "named as Docker names it");
                Assert.That(lacking.ExitCode, Is.Not.Zero, lacking.ToString());
                Assert.That(lacking.StandardError, Does.Contain("content digest sha256:").And.Contain("not found"),
                    "what ImageSender takes for a server that lost the layers");
            }
        }
        finally
        {
            foreach (var path in new[] { full, thin, plainThin })
                File.Delete(path);
        }
    }

    /// <summary>Every layer of a saved image, with its digest and size, as DokkuDeploy records what a server holds.</summary>
    static async Task<IReadOnlyList<ImageLayer>> LayersOfAsync(string savedTar)
    {
        var copy = new ThinImageCopy([]);
        await using var input = File.OpenRead(savedTar);
        await copy.CopyAsync(input, Stream.Null, CancellationToken.None);
        return copy.Layers;
    }

    async Task<ThinImageCopy> ThinCopyAsync(string image, IReadOnlyList<ImageLayer> held, string destination)
    {
        var saved = await Docker.SaveAsync(image);
        try
        {
            var copy = new ThinImageCopy(held);
            await using var input = File.OpenRead(saved);
            await using var output = File.Create(destination);
            await copy.CopyAsync(input, output, CancellationToken.None);
            return copy;
        }
        finally
        {
            File.Delete(saved);
        }
    }

    /// <summary>The thin copy as it was before the OCI index was added: the docker-archive form alone.</summary>
    static void WithoutOciIndex(string source, string destination)
    {
        using var input = File.OpenRead(source);
        using var output = File.Create(destination);
        using var reader = new TarReader(input);
        using var writer = new TarWriter(output, TarEntryFormat.Pax);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Name is not ("index.json" or "oci-layout") && !entry.Name.StartsWith("blobs/", StringComparison.Ordinal))
                writer.WriteEntry(entry);
        }
    }
}
