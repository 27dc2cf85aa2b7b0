using Microsoft.Build.Framework;

namespace DokkuDeploy.Tasks;

/// <summary>
/// The task's parameters, and nothing else: this file is compiled into the .NET task and into the
/// .NET Framework shim that Visual Studio loads, so both declare exactly the same parameters.
/// </summary>
public sealed partial class DeployToDokku
{
    [Required] public string ProjectDirectory { get; set; } = "";

    [Required] public string PublishDirectory { get; set; } = "";

    [Required] public string EntryAssembly { get; set; } = "";

    [Required] public string GeneratedDockerfile { get; set; } = "";

    /// <summary>DokkuBaseImage; empty to infer it from the shape below, as the SDK's container tasks do.</summary>
    public string? BaseImage { get; set; }

    /// <summary>DokkuPlatform (linux/amd64, linux/arm64): the platform to build for; empty to build for what each server runs (from `dokku report`).</summary>
    public string? Platform { get; set; }

    /// <summary>TargetFrameworkVersion (v10.0): the runtime image's tag.</summary>
    public string? TargetFrameworkVersion { get; set; }

    /// <summary>The project references the Microsoft.AspNetCore.App framework.</summary>
    public bool AspNetCore { get; set; }

    public bool SelfContained { get; set; }

    public bool PublishSingleFile { get; set; }

    public bool PublishAot { get; set; }

    public bool PublishTrimmed { get; set; }

    public bool PublishReadyToRun { get; set; }

    public string? RuntimeIdentifier { get; set; }

    /// <summary>DokkuProcessType: web or worker; empty to infer it (web for ASP.NET Core apps).</summary>
    public string? ProcessType { get; set; }

    /// <summary>Published files that come from NuGet packages (RelativePath metadata): the dependency layer.</summary>
    public ITaskItem[] DependencyFiles { get; set; } = [];

    public string? Dockerfile { get; set; }

    public string? DockerContext { get; set; }

    public string? Remote { get; set; }

    /// <summary>@(DokkuRemote) items: deploy one build to each of these remotes, in parallel.</summary>
    public ITaskItem[] Remotes { get; set; } = [];

    /// <summary>image (default), registry or git.</summary>
    public string? DeployMethod { get; set; }

    /// <summary>For DeployMethod=registry: the registry (and optional namespace) to push to, e.g. registry.example.com/team.</summary>
    public string? Registry { get; set; }

    /// <summary>For DeployMethod=registry: log the Dokku server in to the registry with the push's credentials.</summary>
    public bool RegistryLoginServer { get; set; }

    /// <summary>For DeployMethod=git: push HEAD even with uncommitted changes (they are not deployed).</summary>
    public bool AllowDirty { get; set; }

    /// <summary>Print the plan and change nothing.</summary>
    public bool DryRun { get; set; }

    /// <summary>Print a timeline of the deploy at its end.</summary>
    public bool Timings { get; set; }

    /// <summary>Check the settings, the Docker engine and the servers, then stop (run before the publish).</summary>
    public bool CheckOnly { get; set; }

    public string? App { get; set; }

    public string? SshKey { get; set; }

    public string? KnownHosts { get; set; }

    public string? HostKeyFingerprint { get; set; }

    public bool AcceptNewHostKey { get; set; }

    public bool CreateApp { get; set; } = true;

    /// <summary>
    /// Items: Include = key; metadata Value (recorded in binary logs), or for secrets one of FromEnvironment = the
    /// variable, FromUserSecrets = the name in the project's user-secrets store, FromFile = the file.
    /// </summary>
    public ITaskItem[] Config { get; set; } = [];

    /// <summary>The project's UserSecretsId, for FromUserSecrets.</summary>
    public string? UserSecretsId { get; set; }

    public string? VerifyUrl { get; set; }

    public string? ImageName { get; set; }

    public string? ImageTag { get; set; }

    public string? ContainerPort { get; set; }

    /// <summary>Empty: route port 80 to the app's port; "false": leave the port map to Dokku; else the mappings to set.</summary>
    public string? Ports { get; set; }

    public string? ContainerUser { get; set; }

    public string? SourceRepositoryUrl { get; set; }

    public string? HealthCheckPath { get; set; }

    /// <summary>Seconds (or a time span) to wait while the app's deploy lock is held; blank: 5 minutes.</summary>
    public string? LockTimeout { get; set; }

    /// <summary>Whether the image goes gzipped: auto (blank), gzip or none.</summary>
    public string? Compress { get; set; }

    [Output] public string? ImageId { get; set; }

    [Output] public string? AppUrl { get; set; }
}
