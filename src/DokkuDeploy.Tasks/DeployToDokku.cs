using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using Microsoft.Build.Framework;

namespace DokkuDeploy.Tasks;

/// <summary>Builds the published app into an image and deploys it to a Dokku app. See build/DokkuDeploy.targets.</summary>
public sealed class DeployToDokku : DokkuTask
{
    [Required] public string ProjectDirectory { get; set; } = "";

    [Required] public string PublishDirectory { get; set; } = "";

    [Required] public string EntryAssembly { get; set; } = "";

    [Required] public string GeneratedDockerfile { get; set; } = "";

    [Required] public string BaseImage { get; set; } = "";

    /// <summary>Published files that come from NuGet packages (RelativePath metadata): the dependency layer.</summary>
    public ITaskItem[] DependencyFiles { get; set; } = [];

    public string? Dockerfile { get; set; }

    public string? DockerContext { get; set; }

    public string? Remote { get; set; }

    public string? App { get; set; }

    public string? SshKey { get; set; }

    public string? KnownHosts { get; set; }

    public string? HostKeyFingerprint { get; set; }

    public bool AcceptNewHostKey { get; set; }

    public bool CreateApp { get; set; } = true;

    /// <summary>Items: Include = key; metadata Value, or FromEnvironment = the variable to read (for secrets).</summary>
    public ITaskItem[] Config { get; set; } = [];

    public string? VerifyUrl { get; set; }

    public string? ImageName { get; set; }

    public string? ImageTag { get; set; }

    public string? ContainerPort { get; set; }

    public string? ContainerUser { get; set; }

    public string? SourceRepositoryUrl { get; set; }

    public string? HealthCheckPath { get; set; }

    [Output] public string? ImageId { get; private set; }

    [Output] public string? AppUrl { get; private set; }

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
            BaseImage = BaseImage,
            Port = ParsePort(ContainerPort),
            ContainerUser = Blank(ContainerUser) ?? "1654",
            ImageName = Blank(ImageName),
            ImageTag = Blank(ImageTag),
            Remote = Blank(Remote),
            App = Blank(App),
            SshKeyFile = Blank(SshKey),
            KnownHostsFiles = (Blank(KnownHosts)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) ?? [],
            HostKeyFingerprint = Blank(HostKeyFingerprint),
            AcceptNewHostKey = AcceptNewHostKey,
            CreateApp = CreateApp,
            Config = ConfigItems.Read(Config, Environment),
            VerifyUrl = Blank(VerifyUrl),
            SourceRepositoryUrl = Blank(SourceRepositoryUrl),
            HealthCheckPath = Blank(HealthCheckPath),
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

    static int ParsePort(string? value)
    {
        if (Blank(value) is not { } text)
        {
            return 5000;
        }

        return int.TryParse(text, out var port) && port is > 0 and < 65536 ? port : throw DeployErrors.InvalidPort(text);
    }
}
