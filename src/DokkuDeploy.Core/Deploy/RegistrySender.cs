using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Registry;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// The registry deploy method for one server: the image is pushed (once, shared by every server of the
/// deploy), the server is logged in to the registry when asked, then Dokku pulls it with `git:from-image`.
/// A failed push changes nothing on any server.
/// </summary>
sealed class RegistrySender(RegistryPublisher publisher, DokkuClient dokku, IDeployLog log)
{
    /// <param name="loginServer">Log the server in (registry:login --global) with the push's credentials first (DokkuRegistryLoginServer).</param>
    public async Task<SendResult> SendAsync(
        string app, BuiltImage built, RegistryImage image, bool loginServer, CancellationToken cancellationToken)
    {
        // The first server's call names the one push; every server deploys what was pushed, even when
        // its app name (and so the name it would have chosen) differs.
        var published = await publisher.PublishAsync(built.Reference, image, cancellationToken).ConfigureAwait(false);
        image = published.Image;
        if (loginServer)
        {
            if (published.Credential is { } credential)
            {
                log.Step($"Logging the server in to {image.Registry.ServerAddress} ({credential})");
                await dokku.RegistryLoginAsync(image.Registry.ServerAddress, credential, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                log.Detail($"No login for {image.Registry.Host} was used to push: the server is not logged in to it.");
            }
        }

        log.Step($"Deploying {image.Reference} (git:from-image)");
        var result = await dokku.FromRegistryImageAsync(app, image, cancellationToken).ConfigureAwait(false);
        var layers = built.Info.Layers.Select(id => new ImageLayer(id, 0)).ToList();
        return new SendResult(result, published.Push.BytesPushed, layers);
    }
}
