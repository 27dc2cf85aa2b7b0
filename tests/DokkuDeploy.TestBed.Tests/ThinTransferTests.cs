using System.Formats.Tar;
using System.Text.Json;
using DokkuDeploy.Testing;
using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>
/// DokkuDeploy's thin transfer against the server's own engine: a `docker save` tar without the
/// layer.tar files of layers the server holds (manifest and configs kept) deploys, and the same tar
/// to a server without those layers fails with the message DokkuDeploy's full-image fallback keys on.
/// </summary>
[TestFixture]
public sealed class ThinTransferTests : StandInTestBase
{
    [Test]
    public async Task TarWithoutTheLayersTheServerHoldsDeploysAfterAFullDeployOfItsBase()
    {
        var app = await CreateAppAsync();
        var v1 = await BuildAppImageAsync(app, "v1", UniqueApp("base v1\n"));
        var first = await LoadImageAsync(app, v1);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        var v2 = await BuildAppImageAsync(app, "v2", NewApp("thin v2\n") with { BaseImage = v1 });

        using var tars = await ThinTarsAsync(v2, await ServerDocker.LayerDiffIdsAsync());
        Assert.That(tars.Kept, Is.EqualTo(1), "only v2's own layer is sent: the server holds busybox's and v1's");
        var result = await SendAsync(app, v2, tars.Thin);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new FileInfo(tars.Thin).Length, Is.LessThan(new FileInfo(tars.Full).Length / 10));
            Assert.That(await GetBodyAsync(DeployOutput.DeployedUrl(result.StandardOutputLines)), Is.EqualTo("thin v2\n"));
            Assert.That(await ServerDocker.HasImageAsync(v2), Is.True);
        }
    }

    [Test]
    public async Task TarWithoutLayersTheServerLacksFailsWithDockersMessageAndTheOldAppKeepsServing()
    {
        var app = await CreateAppAsync();
        var old = await LoadImageAsync(app, await BuildAppImageAsync(app, "old", "old body\n"));
        Assert.That(old.ExitCode, Is.Zero, old.ToString());
        var oldUrl = DeployOutput.DeployedUrl(old.StandardOutputLines);

        // The server gets a base through another app's deploy, then forgets it (app destroyed, images
        // cleaned up), while the client still believes the server holds it.
        var other = await CreateAppAsync();
        var baseImage = await BuildAppImageAsync(other, "base", UniqueApp("base\n"));
        Assert.That((await LoadImageAsync(other, baseImage)).ExitCode, Is.Zero);
        var v2 = await BuildAppImageAsync(app, "v2", NewApp("new body\n") with { BaseImage = baseImage });
        using var tars = await ThinTarsAsync(v2, await ServerDocker.LayerDiffIdsAsync());
        await RunOkAsync($"--force apps:destroy {other}");
        await new ServerImages(TestBed).ForgetAppAsync(other, [baseImage]);
        Assert.That(await ServerDocker.HasImageAsync(baseImage), Is.False, "the base is gone from the server");

        var result = await SendAsync(app, v2, tars.Thin);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardOutput, Does.Match(@"open \S+/layer\.tar: no such file or directory"), "Docker's message, on stdout");
            // What DokkuDeploy's fallback to the full image looks for.
            Assert.That(result.StandardOutput, Does.Contain("no such file or directory").And.Contain("layer.tar"));
            Assert.That(result.StandardError, Is.Empty);
            Assert.That(await ServerDocker.HasImageAsync(v2), Is.False);
            Assert.That(await GetBodyAsync(oldUrl), Is.EqualTo("old body\n"), "the old container keeps serving");
        }
        var report = await RunOkAsync($"ps:report {app}");
        Assert.That(report.StandardOutputLines, Does.Contain("       Running:                          true"));
    }

    /// <summary>A busybox app with a layer no other image has, so the server holds it only if we sent it.</summary>
    BusyboxHttpdApp UniqueApp(string indexHtml) =>
        NewApp(indexHtml, wwwFiles: new Dictionary<string, string> { ["unique"] = Guid.NewGuid().ToString("N") + "\n" });

    /// <summary>`cat THIN | ssh dokku@… git:load-image APP IMAGE`, through the real OpenSSH client.</summary>
    async Task<ProcessResult> SendAsync(string app, string image, string thin)
    {
        await using var stream = File.OpenRead(thin);
        return await Dokku.RunAsync($"git:load-image {app} {image}", standardInputStream: stream);
    }

    async Task<SavedTars> ThinTarsAsync(string image, IReadOnlySet<string> held)
    {
        var full = await Docker.SaveAsync(image);
        var thin = full + ".thin";
        var kept = WithoutLayers(full, thin, held);
        return new SavedTars(full, thin, kept);
    }

    /// <summary>
    /// Copies a `docker save` tar (Docker 20.10: ID/layer.tar per layer) without the layer.tar of
    /// every layer whose diff id is in HELD. Returns how many layer.tar files it kept.
    /// </summary>
    static int WithoutLayers(string source, string destination, IReadOnlySet<string> held)
    {
        using var manifest = JsonDocument.Parse(ReadEntry(source, "manifest.json"));
        var image = manifest.RootElement[0];
        using var config = JsonDocument.Parse(ReadEntry(source, image.GetProperty("Config").GetString()!));
        var layers = image.GetProperty("Layers").EnumerateArray().Select(layer => layer.GetString()!).ToList();
        var diffIds = config.RootElement.GetProperty("rootfs").GetProperty("diff_ids").EnumerateArray().Select(id => id.GetString()!).ToList();
        Assert.That(diffIds, Has.Count.EqualTo(layers.Count), "one diff id per layer in the manifest");
        var skip = layers.Where((_, i) => held.Contains(diffIds[i])).ToHashSet(StringComparer.Ordinal);

        using var input = File.OpenRead(source);
        using var output = File.Create(destination);
        using var reader = new TarReader(input);
        using var writer = new TarWriter(output, TarEntryFormat.Ustar);
        while (reader.GetNextEntry() is { } entry)
        {
            if (!skip.Contains(entry.Name))
                writer.WriteEntry(entry);
        }
        return layers.Count - skip.Count;
    }

    static byte[] ReadEntry(string tar, string name)
    {
        using var input = File.OpenRead(tar);
        using var reader = new TarReader(input);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Name == name && entry.DataStream is not null)
            {
                using var memory = new MemoryStream();
                entry.DataStream.CopyTo(memory);
                return memory.ToArray();
            }
        }
        throw new InvalidOperationException($"{name} not in {tar}");
    }

    sealed record SavedTars(string Full, string Thin, int Kept) : IDisposable
    {
        public void Dispose()
        {
            File.Delete(Full);
            File.Delete(Thin);
        }
    }
}
