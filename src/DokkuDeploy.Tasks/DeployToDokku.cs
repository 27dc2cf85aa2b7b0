using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Dockerfiles;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using Microsoft.Build.Framework;

namespace DokkuDeploy.Tasks;

/// <summary>Builds the published app into an image and deploys it to a Dokku app. See build/DokkuDeploy.targets.</summary>
public sealed partial class DeployToDokku : DokkuTask
{
    protected override async System.Threading.Tasks.Task ExecuteAsync(IDeployLog log, CancellationToken cancellationToken)
    {
        var request = new DeployRequest
        {
            ProjectDirectory = ProjectDirectory,
            PublishDirectory = PublishDirectory,
            EntryAssembly = EntryAssembly,
            DependencyFiles = DependencyFiles.Select(RelativePath).Where(p => p.Length > 0).ToList(),
            Dockerfile = Blank(Dockerfile),
            DockerContext = Blank(DockerContext),
            GeneratedDockerfilePath = GeneratedDockerfile,
            BaseImage = Blank(BaseImage),
            Platform = Blank(Platform),
            Shape = Blank(TargetFrameworkVersion) is { } framework
                ? new AppShape
                {
                    TargetFrameworkVersion = framework,
                    IsAspNetCore = AspNetCore,
                    SelfContained = SelfContained,
                    SingleFile = PublishSingleFile,
                    NativeAot = PublishAot,
                    Trimmed = PublishTrimmed,
                    ReadyToRun = PublishReadyToRun,
                    RuntimeIdentifier = Blank(RuntimeIdentifier),
                    ProcessTypeSetting = Blank(ProcessType),
                }
                : null,
            Port = ParsePort(ContainerPort),
            Ports = Blank(Ports),
            ContainerUser = Blank(ContainerUser) ?? "1654",
            ImageName = Blank(ImageName),
            ImageTag = Blank(ImageTag),
            Remote = Blank(Remote),
            Remotes = Remotes.Select(item => item.ItemSpec).ToList(),
            Method = ParseMethod(DeployMethod),
            Registry = Blank(Registry),
            RegistryLoginServer = RegistryLoginServer,
            AllowDirty = AllowDirty,
            DryRun = DryRun,
            Timings = Timings,
            CheckOnly = CheckOnly,
            App = Blank(App),
            SshKeyFile = Blank(SshKey),
            KnownHostsFiles = (Blank(KnownHosts)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) ?? [],
            HostKeyFingerprint = Blank(HostKeyFingerprint),
            AcceptNewHostKey = AcceptNewHostKey,
            CreateApp = CreateApp,
            Config = ConfigItems.Read(Config, ProjectDirectory, UserSecretsId, Environment, log),
            VerifyUrl = Blank(VerifyUrl),
            SourceRepositoryUrl = Blank(SourceRepositoryUrl),
            HealthCheckPath = Blank(HealthCheckPath),
            LockTimeout = DeployLockWait.ParseTimeout(LockTimeout),
            Compress = ImageCompressionSetting.Parse(Compress),
        };

        var report = await new Deployer(log, Environment).DeployAsync(request, cancellationToken);
        ImageId = report.ImageId;
        AppUrl = report.Url;
    }

    static string RelativePath(ITaskItem item)
    {
        var relative = item.GetMetadata("RelativePath");
        return (relative.Length > 0 ? relative : item.ItemSpec).Replace('\\', '/');
    }

    static Core.Deploy.DeployMethod ParseMethod(string? value) => Blank(value)?.ToLowerInvariant() switch
    {
        null or "image" => Core.Deploy.DeployMethod.Image,
        "registry" => Core.Deploy.DeployMethod.Registry,
        "git" => Core.Deploy.DeployMethod.Git,
        var other => throw DeployErrors.DeployMethodUnknown(other),
    };

    static int? ParsePort(string? value)
    {
        if (Blank(value) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, out var port) && port is > 0 and < 65536 ? port : throw DeployErrors.InvalidPort(text);
    }
}
