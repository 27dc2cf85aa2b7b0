using System.Text;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Tests.Dokku;

/// <summary>
/// A thin transfer that the server cannot load for a layer it no longer has is told apart where Dokku's answer
/// is read, so that the image sender resends the full image on that flag and never on the message's text.
/// </summary>
public sealed class LayersMissingTests
{
    static readonly DokkuRemote Remote = new("dokku", "dokku.example", 22, "hello");

    // The line docker load prints on the server (see TestBed's ThinTransferTests); blobs/sha256 with the containerd image store.
    [TestCase("open /var/lib/docker/tmp/docker-import-1234/5c7b1f/layer.tar: no such file or directory")]
    [TestCase("open /var/lib/docker/tmp/docker-import-1234/blobs/sha256/5c7b1f: No such file or directory")]
    // containerd's importer, given the OCI index of a thin copy (TestBed's ContainerdImportTests records this line).
    [TestCase("ctr: failed to extract layer sha256:ca47: failed to get reader from content store: content digest sha256:ca47: not found")]
    public async Task A_load_that_names_a_missing_layer_file_says_the_layers_are_missing(string dockerLine)
    {
        var error = await LoadFails(dockerLine);
        Assert.That(error.Code, Is.EqualTo(DeployErrors.DokkuDeployFailedCode));
        Assert.That(error.LayersMissing, Is.True);
    }

    [TestCase("Error processing tar file(exit status 1): unexpected EOF")]
    [TestCase("open /etc/docker/daemon.json: no such file or directory")]
    [TestCase(" !     nginx: configuration test failed")]
    public async Task Any_other_failed_load_does_not(string line)
    {
        var error = await LoadFails(line);
        Assert.That(error.Code, Is.AnyOf(DeployErrors.DokkuDeployFailedCode, DeployErrors.DokkuImageTarRejectedCode));
        Assert.That(error.LayersMissing, Is.False);
    }

    [Test]
    public void A_tar_Dokku_rejected_for_a_missing_layer_says_so_too() =>
        Assert.That(DokkuOutput.NamesMissingLayer(["Error processing tar file(exit status 1): open /tmp/x/abc/layer.tar: no such file or directory"]), Is.True);

    static async Task<DeployException> LoadFails(string line)
    {
        var shell = new FakeRemoteShell(Transcript.Of("load-image-fails", 1, [line], []));
        var client = new DokkuClient(shell, new RecordingLog(), Remote);
        return (await Assert.ThrowsAsync<DeployException>(async () =>
            await client.LoadImageAsync("hello", "hello:v2", (stream, ct) => stream.WriteAsync(Encoding.ASCII.GetBytes("TAR"), ct).AsTask(), CancellationToken.None)))!;
    }
}
