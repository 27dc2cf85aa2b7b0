using System.Formats.Tar;
using System.Security.Cryptography;
using DokkuDeploy.Core.Docker;

namespace DokkuDeploy.Tests.Docker;

public sealed class ThinImageCopyTests
{
    static readonly byte[] BaseLayer = RandomBytes(1, 300_000);
    static readonly byte[] AppLayer = RandomBytes(2, 70_001);

    static byte[] RandomBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    static string DiffId(byte[] content) => "sha256:" + Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();

    /// <summary>A tar shaped like Docker 20.10's `docker save`: config first, layer folders, manifest last.</summary>
    static byte[] DockerSave(byte[] baseLayer, byte[] appLayer, string longName = "")
    {
        var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            void File(string name, byte[] content) =>
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) });
            File("c9de27595eb1fe8c.json", "{\"config\":{}}"u8.ToArray());
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "aaaa/"));
            File("aaaa/VERSION", "1.0"u8.ToArray());
            File("aaaa/layer.tar", baseLayer);
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "bbbb" + longName + "/"));
            File("bbbb" + longName + "/layer.tar", appLayer);
            File("manifest.json", "[{\"Layers\":[\"aaaa/layer.tar\",\"bbbb/layer.tar\"]}]"u8.ToArray());
        }

        return output.ToArray();
    }

    static async Task<(byte[] Output, ThinImageCopy Copy)> CopyAsync(byte[] input, params ImageLayer[] serverLayers)
    {
        var copy = new ThinImageCopy(serverLayers);
        var output = new MemoryStream();
        await copy.CopyAsync(new MemoryStream(input), output, CancellationToken.None);
        return (output.ToArray(), copy);
    }

    static List<(string Name, byte[] Content)> Entries(byte[] tar)
    {
        var entries = new List<(string, byte[])>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            entries.Add((entry.Name, content.ToArray()));
        }

        return entries;
    }

    [Test]
    public async Task With_nothing_known_the_tar_passes_through_byte_for_byte()
    {
        var input = DockerSave(BaseLayer, AppLayer);
        var (output, copy) = await CopyAsync(input);
        Assert.That(output, Is.EqualTo(input));
        Assert.That(copy.Layers, Is.EqualTo(new[] { new ImageLayer(DiffId(BaseLayer), BaseLayer.Length), new ImageLayer(DiffId(AppLayer), AppLayer.Length) }));
        Assert.That(copy.Skipped, Is.Empty);
    }

    [Test]
    public async Task A_layer_the_server_holds_is_left_out_and_everything_else_kept()
    {
        var (output, copy) = await CopyAsync(DockerSave(BaseLayer, AppLayer), new ImageLayer(DiffId(BaseLayer), BaseLayer.Length));
        var entries = Entries(output);
        Assert.That(entries.Select(e => e.Name), Is.EqualTo(new[] { "c9de27595eb1fe8c.json", "aaaa/", "aaaa/VERSION", "bbbb/", "bbbb/layer.tar", "manifest.json" }));
        Assert.That(entries.Single(e => e.Name == "bbbb/layer.tar").Content, Is.EqualTo(AppLayer));
        Assert.That(copy.Skipped.Select(l => l.DiffId), Is.EqualTo(new[] { DiffId(BaseLayer) }));
        Assert.That(output.Length, Is.LessThan(AppLayer.Length + 16_384));
    }

    [Test]
    public async Task A_new_layer_of_a_known_size_is_left_out_too_and_docker_load_will_say_so()
    {
        // By design: the size decides, so that the base layer is never hashed. docker load names such
        // a layer by the config's diff ids and fails on the missing file; the caller then sends it all.
        var changed = (byte[])AppLayer.Clone();
        changed[^1] ^= 0xFF;
        var (output, copy) = await CopyAsync(DockerSave(BaseLayer, changed), new ImageLayer(DiffId(AppLayer), AppLayer.Length));
        Assert.That(Entries(output).Select(e => e.Name), Does.Not.Contain("bbbb/layer.tar"));
        Assert.That(copy.Skipped, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Sent_layers_are_hashed_as_they_stream_and_skipped_ones_keep_their_known_digest()
    {
        var (_, copy) = await CopyAsync(DockerSave(BaseLayer, AppLayer), new ImageLayer(DiffId(BaseLayer), BaseLayer.Length));
        Assert.That(copy.Layers, Is.EqualTo(new[] { new ImageLayer(DiffId(BaseLayer), BaseLayer.Length), new ImageLayer(DiffId(AppLayer), AppLayer.Length) }));
    }

    [Test]
    public async Task Extended_headers_travel_with_the_entry_they_describe()
    {
        var longName = new string('x', 120);
        var input = DockerSave(BaseLayer, AppLayer, longName);
        var (kept, _) = await CopyAsync(input, new ImageLayer(DiffId(BaseLayer), BaseLayer.Length));
        Assert.That(Entries(kept).Select(e => e.Name), Does.Contain($"bbbb{longName}/layer.tar"));

        var (dropped, copy) = await CopyAsync(input, new ImageLayer(DiffId(AppLayer), AppLayer.Length));
        Assert.That(Entries(dropped).Select(e => e.Name), Does.Not.Contain($"bbbb{longName}/layer.tar"));
        Assert.That(Entries(dropped).Select(e => e.Name), Does.Contain("aaaa/layer.tar"));
        Assert.That(copy.Skipped, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_truncated_stream_is_an_error_not_a_silent_short_image()
    {
        var input = DockerSave(BaseLayer, AppLayer)[..100_000];
        Assert.ThrowsAsync<InvalidDataException>(() => CopyAsync(input));
    }
}
