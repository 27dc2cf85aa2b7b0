namespace DokkuDeploy.Core.Deploy;

/// <summary>Everything one deploy needs, gathered by the host (an MSBuild task, a CLI, a test).</summary>
public sealed record DeployRequest
{
    /// <summary>The project's directory: where git is looked up and a project Dockerfile lives.</summary>
    public required string ProjectDirectory { get; init; }

    /// <summary>The publish output that the generated Dockerfile copies into the image.</summary>
    public required string PublishDirectory { get; init; }

    /// <summary>The app's entry assembly file name, e.g. HelloDokku.dll.</summary>
    public required string EntryAssembly { get; init; }

    /// <summary>Publish-relative paths of files that come from NuGet packages: they form the dependency layer.</summary>
    public IReadOnlyCollection<string> DependencyFiles { get; init; } = Array.Empty<string>();

    /// <summary>The project's own Dockerfile, when it has one; otherwise one is generated.</summary>
    public string? Dockerfile { get; init; }

    /// <summary>The build context for a project Dockerfile (default: the Dockerfile's directory).</summary>
    public string? DockerContext { get; init; }

    /// <summary>Where the generated Dockerfile is written for the user to read (under obj/).</summary>
    public required string GeneratedDockerfilePath { get; init; }

    /// <summary>DokkuBaseImage; null to infer it from <see cref="Shape"/> as the SDK's container tasks do.</summary>
    public string? BaseImage { get; init; }

    /// <summary>
    /// DokkuPlatform (linux/amd64, linux/arm64): the platform to build for; null to build for what each server's engine
    /// runs, read once from <c>dokku report</c>. A server that says otherwise still refuses the image.
    /// </summary>
    public string? Platform { get; init; }

    /// <summary>How the app was published (runtime, apphost, web or worker); null for a framework-dependent web app.</summary>
    public Dockerfiles.AppShape? Shape { get; init; }

    /// <summary>DokkuContainerPort: the port the app listens on; null to infer it (5000 for the generated Dockerfile, else from the image).</summary>
    public int? Port { get; init; }

    /// <summary>DokkuPorts: null for automatic, "false" to leave Dokku's port map alone, or the scheme:host:container mappings to set.</summary>
    public string? Ports { get; init; }

    public string ContainerUser { get; init; } = "1654";

    /// <summary>Repository part of the local image name; default dokku-deploy/APP.</summary>
    public string? ImageName { get; init; }

    /// <summary>Tag of the local image; default from git (short sha, "-dirty" when the tree has changes).</summary>
    public string? ImageTag { get; init; }

    /// <summary>dokku@host:app or ssh://dokku@host:port/app; else the git remote 'dokku'; else the environment.</summary>
    public string? Remote { get; init; }

    /// <summary>More remotes to deploy the same build to, in parallel (DokkuRemote items).</summary>
    public IReadOnlyList<string> Remotes { get; init; } = Array.Empty<string>();

    /// <summary>How the app reaches Dokku.</summary>
    public DeployMethod Method { get; init; } = DeployMethod.Image;

    /// <summary>For <see cref="DeployMethod.Registry"/>: the registry, with an optional namespace (registry.example.com/team).</summary>
    public string? Registry { get; init; }

    /// <summary>For <see cref="DeployMethod.Registry"/>: log the Dokku server in to the registry (registry:login, password on stdin) with the push's credentials.</summary>
    public bool RegistryLoginServer { get; init; }

    /// <summary>For <see cref="DeployMethod.Git"/>: push HEAD even when the working tree has uncommitted changes (they are not deployed).</summary>
    public bool AllowDirty { get; init; }

    /// <summary>Print the plan (Dockerfile, context, every command) and change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Print a timeline at the end: every Dokku command, SSH login, engine call and wait, with its offset and duration.</summary>
    public bool Timings { get; init; }

    /// <summary>
    /// Check the settings and every end (the Docker engine, each server's host key, login and app) and stop:
    /// run before the publish, so a wrong remote fails in seconds instead of after the slowest step.
    /// </summary>
    public bool CheckOnly { get; init; }

    /// <summary>Overrides the app of the remote.</summary>
    public string? App { get; init; }

    public string? SshKeyFile { get; init; }

    public IReadOnlyList<string> KnownHostsFiles { get; init; } = Array.Empty<string>();

    public string? HostKeyFingerprint { get; init; }

    /// <summary>Trust a host with no key on record once, with a warning, and record its key (OpenSSH's accept-new).</summary>
    public bool AcceptNewHostKey { get; init; }

    public bool CreateApp { get; init; } = true;

    /// <summary>App config (environment) to set before the release. Values are secrets: never logged.</summary>
    public IReadOnlyDictionary<string, string> Config { get; init; } = new Dictionary<string, string>();

    /// <summary>"true" to check the URL Dokku reports, a path (/health) to check that path, or an absolute URL.</summary>
    public string? VerifyUrl { get; init; }

    public string? SourceRepositoryUrl { get; init; }

    /// <summary>
    /// DokkuLockTimeout: how long a deploy waits while the app's deploy lock is held (another deploy runs, or an
    /// apps:lock) before it fails with <see cref="Errors.DeployErrors.DeployLockTimedOut"/>; zero fails at once.
    /// </summary>
    public TimeSpan LockTimeout { get; init; } = DeployLockWait.DefaultTimeout;

    /// <summary>DokkuCompress: whether the image stream into git:load-image is gzipped.</summary>
    public ImageCompression Compress { get; init; } = ImageCompression.Auto;

    /// <summary>The path Dokku's healthcheck polls (e.g. /health); "false" for none; null to detect it from the source.</summary>
    public string? HealthCheckPath { get; init; }
}
