using Docker.DotNet;
using Docker.DotNet.Handler.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;

namespace DokkuDeploy.Core.Docker;

/// <summary>
/// A client builder for an endpoint we resolved ourselves. Docker.DotNet's public constructor resolves its own
/// endpoint from the process environment and ~/.docker first, and throws on a broken context there even when
/// we were told to use another engine.
/// </summary>
sealed class EndpointClientBuilder(Uri endpoint)
    : DockerClientBuilder(new ClientOptions { Endpoint = endpoint }, NullLogger.Instance);
