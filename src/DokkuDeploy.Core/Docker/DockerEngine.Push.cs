using Docker.DotNet;
using Docker.DotNet.Models;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Registry;

namespace DokkuDeploy.Core.Docker;

/// <summary>What a push did: the manifest digest and the bytes of the layers the registry did not have yet.</summary>
public sealed record PushResult(string? Digest, long BytesPushed, int LayersPushed, int LayersSkipped);

public sealed partial class DockerEngine
{
    /// <summary>
    /// Tags the local image with its registry name and pushes it through the engine, which talks to the
    /// registry itself (its own TLS and insecure-registries settings apply). The login travels in the
    /// X-Registry-Auth header, never on a command line. A failed push arrives as a message in the stream,
    /// not as an HTTP error: it becomes a coded error.
    /// </summary>
    public async Task<PushResult> PushImageAsync(
        string localReference, RegistryImage image, RegistryCredentialSearch credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(credentials);
        try
        {
            await client.Images.TagImageAsync(
                localReference,
                new ImageTagParameters { RepositoryName = image.Repository, Tag = image.Tag },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException)
        {
            throw DeployErrors.DockerRequestFailed(Endpoint.ToString(), $"tag '{localReference}' as '{image.Reference}'", Describe(e), e);
        }

        var reader = new PushOutputReader(log);
        try
        {
            await client.Images.PushImageAsync(
                image.Repository,
                new ImagePushParameters { Tag = image.Tag },
                ToAuthConfig(credentials.Credential, image.Registry.ServerAddress),
                reader,
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException)
        {
            // The engine refuses some pushes before streaming (a bad name, an unknown registry setting).
            throw PushFailure.Classify(Describe(e), image, credentials);
        }

        if (reader.Error is { } error)
        {
            throw PushFailure.Classify(error, image, credentials);
        }

        return new PushResult(reader.Digest, reader.BytesPushed, reader.LayersPushed, reader.LayersSkipped);
    }

    static AuthConfig ToAuthConfig(RegistryCredential? credential, string serverAddress) => credential switch
    {
        null => new AuthConfig { ServerAddress = serverAddress },
        { IsIdentityToken: true } => new AuthConfig { IdentityToken = credential.Secret, ServerAddress = serverAddress },
        _ => new AuthConfig { Username = credential.Username, Password = credential.Secret, ServerAddress = serverAddress },
    };
}
