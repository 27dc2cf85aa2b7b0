using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DokkuDeploy.Core.Docker;

namespace DokkuDeploy.Tests.Docker;

/// <summary>
/// The OCI index a thin copy adds for Docker's containerd image store. That store refuses a thin docker-archive
/// ("failed to resolve layers: layer …/layer.tar not found"); with the index it follows digests and takes the
/// left-out layer from its own store (shown against containerd itself by ContainerdImportTests in the test bed).
/// </summary>
public sealed class OciIndexAppendixTests
{
    static readonly byte[] BaseLayer = RandomBytes(3, 200_000);
    static readonly byte[] AppLayer = RandomBytes(4, 30_001);
    static readonly byte[] Config = Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:{{{Hex(BaseLayer)}}}","sha256:{{{Hex(AppLayer)}}}"]}}""");
    static readonly string ConfigName = Hex(Config) + ".json";

    static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    static string Hex(byte[] content) => Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();

    /// <summary>Docker 20.10's `docker save` order: layer folders, the config, manifest.json, repositories.</summary>
    static byte[] DockerSave(bool withIndex = false)
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
        {
            void File(string name, byte[] content) =>
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, "aaaa/"));
            File("aaaa/layer.tar", BaseLayer);
            writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, "bbbb/"));
            File("bbbb/layer.tar", AppLayer);
            File(ConfigName, Config);
            File("manifest.json", Encoding.UTF8.GetBytes($$"""[{"Config":"{{ConfigName}}","RepoTags":["dokku/hello:7"],"Layers":["aaaa/layer.tar","bbbb/layer.tar"]}]"""));
            if (withIndex)
            {
                File("index.json", """{"schemaVersion":2,"manifests":[]}"""u8.ToArray());
            }

            File("repositories", "{}"u8.ToArray());
        }

        return output.ToArray();
    }

    static async Task<Dictionary<string, byte[]>> ThinCopyAsync(byte[] input, params ImageLayer[] held)
    {
        var output = new MemoryStream();
        await new ThinImageCopy(held).CopyAsync(new MemoryStream(input), output, CancellationToken.None);
        var entries = new Dictionary<string, byte[]>();
        using var reader = new TarReader(new MemoryStream(output.ToArray()));
        while (reader.GetNextEntry() is { } entry)
        {
            var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            entries.Add(entry.Name, content.ToArray());
        }

        return entries;
    }

    static ImageLayer Base => new("sha256:" + Hex(BaseLayer), BaseLayer.Length);

    [Test]
    public async Task A_thin_copy_names_its_image_by_digest_in_an_oci_index_whose_manifest_lists_every_layer()
    {
        var entries = await ThinCopyAsync(DockerSave(), Base);

        Assert.That(entries.Keys, Does.Not.Contain("aaaa/layer.tar"));
        Assert.That(entries["oci-layout"], Is.EqualTo("""{"imageLayoutVersion":"1.0.0"}"""u8.ToArray()));
        var descriptor = JsonNode.Parse(entries["index.json"])!["manifests"]!.AsArray().Single()!;
        Assert.That(descriptor["annotations"]!["io.containerd.image.name"]!.GetValue<string>(), Is.EqualTo("docker.io/dokku/hello:7"));
        Assert.That(descriptor["annotations"]!["org.opencontainers.image.ref.name"]!.GetValue<string>(), Is.EqualTo("7"));

        var manifestDigest = descriptor["digest"]!.GetValue<string>();
        var manifestBytes = entries["blobs/sha256/" + manifestDigest["sha256:".Length..]];
        Assert.That("sha256:" + Hex(manifestBytes), Is.EqualTo(manifestDigest));
        Assert.That(descriptor["size"]!.GetValue<long>(), Is.EqualTo(manifestBytes.Length));

        var manifest = JsonNode.Parse(manifestBytes)!;
        Assert.That(manifest["config"]!["digest"]!.GetValue<string>(), Is.EqualTo("sha256:" + Hex(Config)));
        Assert.That(manifest["layers"]!.AsArray().Select(l => (l!["digest"]!.GetValue<string>(), l["size"]!.GetValue<long>())), Is.EqualTo(new[]
        {
            ("sha256:" + Hex(BaseLayer), (long)BaseLayer.Length),
            ("sha256:" + Hex(AppLayer), (long)AppLayer.Length),
        }));
    }

    [Test]
    public async Task Docker_s_classic_store_still_finds_everything_it_reads_where_it_was()
    {
        var entries = await ThinCopyAsync(DockerSave(), Base);
        Assert.That(entries["bbbb/layer.tar"], Is.EqualTo(AppLayer));
        Assert.That(entries[ConfigName], Is.EqualTo(Config));
        Assert.That(Encoding.UTF8.GetString(entries["manifest.json"]), Does.Contain("aaaa/layer.tar"));
    }

    [Test]
    public async Task A_full_copy_and_a_tar_that_is_already_oci_get_nothing_added()
    {
        var full = DockerSave();
        var output = new MemoryStream();
        await new ThinImageCopy([]).CopyAsync(new MemoryStream(full), output, CancellationToken.None);
        Assert.That(output.ToArray(), Is.EqualTo(full));

        var oci = await ThinCopyAsync(DockerSave(withIndex: true), Base);
        Assert.That(oci.Keys, Does.Not.Contain("oci-layout"));
        Assert.That(oci.Keys.Where(k => k.StartsWith("blobs/", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task A_new_layer_left_out_for_having_a_held_layer_s_size_is_named_by_its_own_digest()
    {
        // Matched by size, so the copy leaves it out; the index must not call it the held layer, or containerd
        // would take the held layer's content for it. Named truly, the import fails as for a lost layer.
        var lookalike = new ImageLayer("sha256:" + new string('0', 64), AppLayer.Length);
        var entries = await ThinCopyAsync(DockerSave(), Base, lookalike);
        var descriptor = JsonNode.Parse(entries["index.json"])!["manifests"]!.AsArray().Single()!;
        var manifest = JsonNode.Parse(entries["blobs/sha256/" + descriptor["digest"]!.GetValue<string>()["sha256:".Length..]])!;
        Assert.That(manifest["layers"]![1]!["digest"]!.GetValue<string>(), Is.EqualTo("sha256:" + Hex(AppLayer)));
    }

    [TestCase("hello:1", "docker.io/library/hello:1")]
    [TestCase("dokku/hello:1", "docker.io/dokku/hello:1")]
    [TestCase("127.0.0.1:5000/hello:1", "127.0.0.1:5000/hello:1")]
    [TestCase("registry.example.com/team/hello:1", "registry.example.com/team/hello:1")]
    [TestCase("localhost/hello:1", "localhost/hello:1")]
    public void Names_are_qualified_as_Docker_reads_them(string tag, string expected) =>
        Assert.That(OciIndexAppendix.FullyQualified(tag), Is.EqualTo(expected));
}
