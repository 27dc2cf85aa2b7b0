using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Timing;

namespace DokkuDeploy.Core.Registry;

/// <summary>A pushed image: its registry name, the login that pushed it (null when anonymous), what the push did.</summary>
public sealed record PublishedImage(RegistryImage Image, RegistryCredential? Credential, PushResult Push);

/// <summary>
/// Pushes the built image to the registry once per deploy, however many servers then pull it:
/// every caller of <see cref="PublishAsync"/> shares the one push (and its failure). The credentials
/// are looked up once too, and can be looked up before the build (<see cref="FindCredentialsAsync"/>),
/// so a broken helper or half a login in the environment fails in a second, not after the build.
/// </summary>
public sealed class RegistryPublisher(DockerEngine docker, RegistryCredentials credentials, IDeployLog log)
{
    readonly object gate = new();
    Task<RegistryCredentialSearch>? searching;
    Task<PublishedImage>? publishing;

    public Task<RegistryCredentialSearch> FindCredentialsAsync(RegistryImage image, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return searching ??= credentials.FindAsync(image.Registry, cancellationToken);
        }
    }

    public Task<PublishedImage> PublishAsync(string localReference, RegistryImage image, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return publishing ??= PushAsync(localReference, image, cancellationToken);
        }
    }

    async Task<PublishedImage> PushAsync(string localReference, RegistryImage image, CancellationToken cancellationToken)
    {
        using var span = DeployTrace.Span($"docker push {image.Reference}");
        var search = await FindCredentialsAsync(image, cancellationToken).ConfigureAwait(false);
        log.Step($"Pushing {image.Reference} ({(search.Credential is { } c ? $"as {c}" : "no login found: anonymous")})");
        var push = await docker.PushImageAsync(localReference, image, search, cancellationToken).ConfigureAwait(false);
        log.Step(push.LayersPushed == 0
            ? $"Pushed {image.Reference}: the registry had every layer"
            : $"Pushed {image.Reference}: {push.LayersPushed} layer(s), {Bytes.Format(push.BytesPushed)}; {push.LayersSkipped} already there");
        return new PublishedImage(image, search.Credential, push);
    }
}
