using System.IO.Pipelines;
using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Timing;

namespace DokkuDeploy.Core.Docker;

/// <summary>The local Docker engine, reached through its HTTP API: build an image, inspect it, save it.</summary>
public sealed partial class DockerEngine : IDisposable
{
    readonly DockerClient client;
    readonly DockerTlsAuthProvider? tls;
    readonly IDeployLog log;

    DockerEngine(DockerClient client, DockerTlsAuthProvider? tls, DockerEndpoint endpoint, EngineFacts facts, IDeployLog log)
    {
        this.client = client;
        this.tls = tls;
        this.log = log;
        Endpoint = endpoint;
        Facts = facts;
    }

    public DockerEndpoint Endpoint { get; }

    public EngineFacts Facts { get; }

    public string ApiVersion => Facts.ApiVersion;

    /// <param name="dockerBuildKit">The DOCKER_BUILDKIT setting, if any.</param>
    public BuilderChoice ChooseBuilder(string? dockerBuildKit) => BuilderChoice.Choose(Facts, dockerBuildKit);

    /// <summary>
    /// Connects and agrees on an API version: the library speaks newer versions than older engines
    /// (Debian's 20.10 speaks 1.41), so ask the engine first and use what it offers. Logs which engine
    /// was chosen and why; a TLS endpoint presents its client certificate and checks the engine's.
    /// </summary>
    public static Task<DockerEngine> ConnectAsync(DockerEndpoint endpoint, IDeployLog log, CancellationToken cancellationToken) =>
        ConnectAsync(endpoint, log, DockerConnectWait.Default, cancellationToken);

    internal static async Task<DockerEngine> ConnectAsync(DockerEndpoint endpoint, IDeployLog log, DockerConnectWait wait, CancellationToken cancellationToken)
    {
        using var span = DeployTrace.Span("docker connect");
        log.Detail($"Docker engine: {endpoint.Describe()}");
        if (endpoint.Tls is { Verification: DockerTlsVerification.None })
        {
            log.Warning(DeployErrors.DockerTlsVerificationSkippedWarning, DeployErrors.DockerTlsVerificationSkipped(endpoint.Uri.ToString(), endpoint.Source));
        }

        var tls = endpoint.Tls is null ? null : DockerTlsAuthProvider.Load(endpoint.Tls);
        try
        {
            return await ConnectAsync(endpoint, tls, log, wait, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The engine owns the client certificate and key once connected; until then, this method does.
            tls?.Dispose();
            throw;
        }
    }

    static async Task<DockerEngine> ConnectAsync(
        DockerEndpoint endpoint, DockerTlsAuthProvider? tls, IDeployLog log, DockerConnectWait wait, CancellationToken cancellationToken)
    {
        using var probe = Create(endpoint, tls, apiVersion: null);
        VersionResponse version;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(wait.Limit);
            try
            {
                version = await AskVersionAsync(probe, endpoint, log, wait, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: whatever the transport made of the aborted request, it is a cancel, not a broken engine.
                throw new OperationCanceledException(cancellationToken);
            }
            catch (Exception e) when (tls?.Rejection is { } rejection && e is not OperationCanceledException)
            {
                throw DeployErrors.DockerTlsServerRejected(endpoint.ToString(), rejection, e);
            }
            catch (Exception) when (timeout.IsCancellationRequested)
            {
                throw DeployErrors.DockerUnreachable(endpoint.ToString(),
                    $"no answer within {wait.LimitText}: the engine is hung, overloaded or failed to start (check it with `docker info`)");
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or IOException or DockerApiException or TimeoutException
                or System.Security.Authentication.AuthenticationException)
            {
                throw DeployErrors.DockerUnreachable(endpoint.ToString(), WhyUnreachable(endpoint, e), e);
            }
        }

        var agreed = System.Version.TryParse(version.APIVersion, out var v) ? v : null;
        var client = Create(endpoint, tls, agreed);
        log.Detail($"Docker engine {version.Version} (API {version.APIVersion}) at {endpoint}");
        return new DockerEngine(client, tls, endpoint, EngineFacts.From(version), log);
    }

    /// <summary>Asks the engine's version; says so when the answer is slow, as a socket-activated engine's first one is.</summary>
    static async Task<VersionResponse> AskVersionAsync(
        DockerClient probe, DockerEndpoint endpoint, IDeployLog log, DockerConnectWait wait, CancellationToken cancellationToken)
    {
        using var stopNotice = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var answer = probe.System.GetVersionAsync(cancellationToken);
        var notice = Task.Delay(wait.NoticeAfter, stopNotice.Token);
        try
        {
            if (await Task.WhenAny(answer, notice).ConfigureAwait(false) == notice && notice.IsCompletedSuccessfully)
            {
                log.Step($"Waiting up to {wait.LimitText} for the Docker engine at {endpoint.Uri} to answer " +
                    "(a socket-activated engine such as rootless Podman can take a few seconds to start)…");
            }

            return await answer.ConfigureAwait(false);
        }
        finally
        {
            await stopNotice.CancelAsync().ConfigureAwait(false);
        }
    }

    // .NET words a missing unix socket as "Cannot assign requested address", which sends the reader the wrong way.
    static string WhyUnreachable(DockerEndpoint endpoint, Exception e) =>
        endpoint.Uri.Scheme == "unix" && !File.Exists(endpoint.Uri.LocalPath) ? "the socket does not exist" : Describe(e) + TlsHint(endpoint);

    // A handshake the engine broke off is most often a client certificate it does not accept, or TLS on one side only.
    static string TlsHint(DockerEndpoint endpoint) => endpoint.Tls is null
        ? endpoint.Uri.Scheme == "tcp" ? " (if this engine uses TLS, set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH)" : ""
        : $" (over TLS with {endpoint.Tls.Source}: check that the engine accepts this client certificate)";

    static DockerClient Create(DockerEndpoint endpoint, DockerTlsAuthProvider? tls, System.Version? apiVersion)
    {
        DockerClientBuilder builder = new EndpointClientBuilder(endpoint.Uri);
        if (tls is not null)
        {
            builder = builder.WithAuthProvider(tls);
        }

        if (apiVersion is not null)
        {
            builder = builder.WithApiVersion(apiVersion);
        }

        return builder.Build();
    }

    /// <summary>Builds with the builder the engine itself would choose (<see cref="ChooseBuilder"/>).</summary>
    public Task<ImageInfo> BuildImageAsync(
        Func<Stream, CancellationToken, Task> writeContext,
        string dockerfilePath,
        string tag,
        CancellationToken cancellationToken) =>
        BuildImageAsync(writeContext, dockerfilePath, tag, ChooseBuilder(null), null, cancellationToken);

    /// <summary>The platform this engine runs natively (linux/amd64 for most), from its version answer.</summary>
    public DockerPlatform? NativePlatform => DockerPlatform.TryParse($"{Facts.Os}/{Facts.Architecture}");

    public Task<ImageInfo> BuildImageAsync(
        Func<Stream, CancellationToken, Task> writeContext,
        string dockerfilePath,
        string tag,
        BuilderChoice builder,
        CancellationToken cancellationToken) =>
        BuildImageAsync(writeContext, dockerfilePath, tag, builder, null, cancellationToken);

    /// <summary>
    /// Builds an image from a context that <paramref name="writeContext"/> streams as a tar, so a large
    /// context never sits in memory. Docker reports a failed step as a message, not an HTTP error:
    /// that message becomes a coded error.
    /// </summary>
    /// <param name="platform">The platform to build for when it is not the engine's own; null for the engine's.</param>
    public async Task<ImageInfo> BuildImageAsync(
        Func<Stream, CancellationToken, Task> writeContext,
        string dockerfilePath,
        string tag,
        BuilderChoice builder,
        DockerPlatform? platform,
        CancellationToken cancellationToken)
    {
        using var span = DeployTrace.Span($"docker build {tag}");
        log.Detail($"Building with {builder.Describe()}{(platform is null ? "" : $" for {platform}")}");
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 8 << 20, resumeWriterThreshold: 4 << 20));
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(async () =>
        {
            var output = pipe.Writer.AsStream();
            try
            {
                await writeContext(output, stopWriting.Token).ConfigureAwait(false);
                await pipe.Writer.CompleteAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e).ConfigureAwait(false);
                throw;
            }
        }, CancellationToken.None);

        var reader = new BuildOutputReader(log);
        var parameters = new ImageBuildParameters
        {
            Dockerfile = dockerfilePath,
            Tags = new List<string> { tag },
            Remove = true,
            ForceRemove = true,
            Version = builder.BuildKit ? "2" : "1",
        };
        if (platform is not null)
        {
            // Only when asked for another platform than the engine's: older engines and Podman take no platform at all.
            parameters.Platform = platform.ToString();
        }

        Exception? failure = null;
        try
        {
            // The raw response, read to its end here: the typed overload cannot deserialize BuildKit's
            // progress (a base64 string where it expects an object) and fails the build on its first message.
#pragma warning disable CS0618
            var output = await client.Images.BuildImageFromDockerfileAsync(pipe.Reader.AsStream(), parameters, cancellationToken).ConfigureAwait(false);
#pragma warning restore CS0618
            await using (output.ConfigureAwait(false))
            {
                await reader.ReadAsync(output, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            failure = e;
            // Once the upload has failed, nobody reads the pipe: stop walking and reading the context.
            await stopWriting.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
        }

        try
        {
            await producer.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not DeployException && failure is not null)
        {
            // A DeployException from the context (a file that vanished, say) explains the failed upload
            // better than the upload's own error does, and propagates; anything else yields to the upload's error.
        }

        switch (failure)
        {
            case null:
                break;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                throw new OperationCanceledException(cancellationToken);
            case DockerApiException api:
                throw DeployErrors.DockerRequestFailed(Endpoint.ToString(), "build the image", api.ResponseBody ?? api.Message, api);
            case HttpRequestException or IOException or OperationCanceledException:
                throw DeployErrors.DockerRequestFailed(Endpoint.ToString(), "build the image", Describe(failure), failure);
            default:
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
                break;
        }

        reader.Flush();
        if (reader.Error is { } error)
        {
            if (reader.NeedsBuildKit && !builder.BuildKit)
            {
                throw DeployErrors.DockerfileNeedsBuildKit(builder.Reason, error);
            }

            if (platform is not null
                && PlatformFailure(platform, NativePlatform?.ToString() ?? $"{Facts.Os}/{Facts.Architecture}", error, reader.RecentOutput, reader.MissingBaseImage) is { } platformFailure)
            {
                throw platformFailure;
            }

            throw (reader.MissingFrontend, reader.MissingBaseImage, reader.FailedStep) switch
            {
                ({ } frontend, _, _) => DeployErrors.DockerfileFrontendUnavailable(frontend, error),
                (_, { } baseImage, _) => DeployErrors.DockerBaseImageMissing(baseImage, error),
                _ when DotnetFailure.Recognize(reader.RecentOutput, "The Docker build") is { } dotnet => dotnet,
                (_, _, { } step) => DeployErrors.DockerBuildFailed(error, step, reader.FailedStepOutput),
                _ => DeployErrors.DockerBuildFailed(error),
            };
        }

        return await InspectImageAsync(tag, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What a build for another platform fails with: a RUN step whose program the kernel cannot run ("exec format
    /// error": no QEMU registered with binfmt_misc), or a base image the engine has for another platform only.
    /// </summary>
    internal static DeployException? PlatformFailure(
        DockerPlatform platform, string native, string error, IReadOnlyCollection<string> recentOutput, string? missingBaseImage)
    {
        if (recentOutput.Append(error).Any(line => line.Contains("exec format error", StringComparison.OrdinalIgnoreCase)))
        {
            return DeployErrors.BuildNeedsEmulation(platform.ToString(), native, error);
        }

        // BuildKit looks for a base image of the wanted platform, and goes to its registry when the engine has it
        // for another platform only: a missing base image in a build for another platform is most often that.
        return missingBaseImage is not null
               || error.Contains("does not match the specified platform", StringComparison.OrdinalIgnoreCase)
               || error.Contains("no match for platform in manifest", StringComparison.OrdinalIgnoreCase)
            ? DeployErrors.BaseImageLacksPlatform(platform.ToString(), missingBaseImage, error)
            : null;
    }

    public async Task<ImageInfo> InspectImageAsync(string imageReference, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.Images.InspectImageAsync(imageReference, cancellationToken).ConfigureAwait(false);
            return new ImageInfo(response.ID, response.RootFS?.Layers?.ToList() ?? new List<string>(), response.Size)
            {
                ExposedTcpPorts = TcpPorts(response.Config?.ExposedPorts?.Keys),
                Environment = response.Config?.Env?.ToList() ?? [],
                Platform = DockerPlatform.TryParse(
                    $"{response.Os}/{response.Architecture}{(string.IsNullOrEmpty(response.Variant) ? "" : "/" + response.Variant)}"),
            };
        }
        catch (DockerApiException e)
        {
            throw DeployErrors.DockerRequestFailed(Endpoint.ToString(), $"inspect the image '{imageReference}'", e.ResponseBody ?? e.Message, e);
        }
    }

    /// <summary>Opens the image as a `docker save` tar stream; the caller copies it on and disposes it.</summary>
    /// <summary>"8080/tcp" and "8080" are tcp; "53/udp" is not.</summary>
    static List<int> TcpPorts(IEnumerable<string>? exposed) =>
        (exposed ?? [])
            .Select(p => p.EndsWith("/tcp", StringComparison.Ordinal) ? p[..^4] : p)
            .Select(p => int.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) ? port : 0)
            .Where(port => port is > 0 and < 65536)
            .Distinct()
            .Order()
            .ToList();

    public async Task<Stream> SaveImageAsync(string imageReference, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Images.SaveImageAsync(imageReference, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException)
        {
            throw DeployErrors.DockerImageSaveFailed(imageReference, Describe(e), e);
        }
    }

    public void Dispose()
    {
        client.Dispose();
        tls?.Dispose();
    }

    static string Describe(Exception e) => e switch
    {
        DockerApiException api => api.ResponseBody?.Trim() is { Length: > 0 } body ? body : api.Message,
        _ when e.InnerException is { } inner => $"{e.Message} ({inner.Message})",
        _ => e.Message,
    };
}
