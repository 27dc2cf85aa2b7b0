using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Deploy;

/// <summary>What a transfer did: Dokku's answer, bytes sent, and the image's layers (bottom first) for the history.</summary>
sealed record SendResult(DeployResult Result, long BytesSent, IReadOnlyList<ImageLayer> Layers);

/// <summary>
/// Streams the image into `git:load-image`, leaving out the layers the server got from our earlier
/// deploys (of this app or another on the server). When the server turns out not to have them (wiped, pruned, another engine), Dokku's
/// load fails on the missing file, and the full image is sent once more.
/// </summary>
sealed class ImageSender(DockerEngine docker, DokkuClient dokku, IDeployLog log, TransferCompression? compression = null)
{
    /// <param name="serverLayers">Layers the server got from our deploys (of this app or another), bottom first.</param>
    /// <param name="forgetServerLayers">Called when a thin transfer failed in a way that may mean the
    /// server cannot take one: the next deploy then starts with the full image.</param>
    public async Task<SendResult> SendAsync(
        string app, string imageReference, ImageInfo image, IReadOnlyList<ImageLayer> serverLayers, Action forgetServerLayers, CancellationToken cancellationToken)
    {
        var reusable = ServerLayers.CommonBase(serverLayers, image.Layers);
        if (reusable.Count == 0)
        {
            return await SendOnceAsync(app, imageReference, image, [], cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await SendOnceAsync(app, imageReference, image, reusable, cancellationToken).ConfigureAwait(false);
        }
        catch (DeployException e) when (e.LayersMissing)
        {
            forgetServerLayers();
            log.Warning(DeployErrors.ImageResentInFullWarning, DeployErrors.ImageResentInFull());
            return await SendOnceAsync(app, imageReference, image, [], cancellationToken).ConfigureAwait(false);
        }
        catch (DeployException e) when (e.Code is DeployErrors.DokkuImageTarRejectedCode or DeployErrors.DokkuDeployFailedCode)
        {
            forgetServerLayers();
            throw;
        }
    }

    async Task<SendResult> SendOnceAsync(string app, string imageReference, ImageInfo image, IReadOnlyList<ImageLayer> skip, CancellationToken cancellationToken)
    {
        var copy = new ThinImageCopy(skip);
        var expected = Math.Max(image.Size - skip.Sum(l => l.Size), 0);
        var gzip = compression?.Decide() ?? new CompressionDecision(false, "not compressed");
        log.Step((skip.Count == 0
            ? $"Sending {imageReference} ({Bytes.Format(image.Size)}"
            : $"Sending {imageReference}: {image.Layers.Count - skip.Count} of {image.Layers.Count} layers; the server has the rest ({Bytes.Format(skip.Sum(l => l.Size))}") +
            $"; {gzip.Reason})");
        TransferProgress? progress = null;
        var result = await dokku.LoadImageAsync(
            app,
            imageReference,
            async (stdin, ct) =>
            {
                progress = new TransferProgress(stdin, log, expected);
                await using var wire = TransferCompression.Open(progress, gzip.Gzip, ct);
                await using var tar = new LocalImageStream(await docker.SaveImageAsync(imageReference, ct).ConfigureAwait(false), imageReference);
                try
                {
                    await copy.CopyAsync(tar, wire.Stream, ct).ConfigureAwait(false);
                }
                catch (InvalidDataException e)
                {
                    throw DeployErrors.DockerImageSaveFailed(imageReference, e.Message, e);
                }

                await wire.CompleteAsync(ct).ConfigureAwait(false);
                await progress.FlushAsync(ct).ConfigureAwait(false);
                progress.Finish();
                compression?.Record(wire, progress);
            },
            cancellationToken).ConfigureAwait(false);
        var sizes = copy.Layers.GroupBy(l => l.DiffId).ToDictionary(g => g.Key, g => g.First().Size);
        var layers = image.Layers.Select(id => new ImageLayer(id, sizes.GetValueOrDefault(id))).ToList();
        return new SendResult(result, progress?.Total ?? 0, layers);
    }
}
