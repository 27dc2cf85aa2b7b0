using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Core.Dockerfiles;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Git;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// What Docker receives: the project's own Dockerfile with its directory as context, or a generated
/// Dockerfile with the publish output split into a dependency layer and an app layer.
/// </summary>
sealed class ContextPlan(DeployRequest request, GitRepositoryInfo git, IDeployLog log)
{
    readonly Lazy<HealthEndpointScan> healthScan = new(() => HealthEndpoint.Scan(request.ProjectDirectory, DeployedEnvironment(request)));

    bool UsesProjectDockerfile => request.Dockerfile is not null;

    /// <summary>How the app was published; without a shape, a framework-dependent web app on the given base image.</summary>
    public AppShape Shape { get; } = request.Shape ?? new AppShape { TargetFrameworkVersion = "", IsAspNetCore = true };

    /// <summary>
    /// A worker has no port: no port map, no URL, no health check path. Inferred for the generated Dockerfile;
    /// a project's own Dockerfile (or a git push) is a worker only when DokkuProcessType says so.
    /// </summary>
    public bool IsWorker => (UsesProjectDockerfile || request.Method == DeployMethod.Git ? Setting.OrNull(Shape.ProcessTypeSetting) is not null : true) && !Shape.ServesHttp;

    bool BaseImageInferred => Setting.OrNull(request.BaseImage) is null;

    public string BaseImage => Setting.OrNull(request.BaseImage) ?? BaseImages.For(Shape);

    /// <summary>The file the image starts: the apphost (App) or the entry assembly (App.dll).</summary>
    string EntryFile => Shape.StartsWithAppHost ? Path.GetFileNameWithoutExtension(request.EntryAssembly) : request.EntryAssembly;

    string LayerPath(string file) => $"{PublishLayout.AppFolder}/{PublishLayout.ContainerDirectory}/{file}";

    string ProjectDockerfile => Path.GetFullPath(request.Dockerfile!, request.ProjectDirectory);

    string ProjectContext => Path.GetFullPath(request.DockerContext ?? Path.GetDirectoryName(ProjectDockerfile)!, request.ProjectDirectory);

    public string DockerfilePathInContext => UsesProjectDockerfile
        ? ContextDirectory.ResolveDockerfile(ProjectContext, ProjectDockerfile)
        : "Dockerfile";

    public string DockerfileDescription => !UsesProjectDockerfile
        ? $"a generated Dockerfile ({request.GeneratedDockerfilePath})"
        : ContextIsDockerfileDirectory
            ? $"the project's Dockerfile ({ProjectDockerfile})"
            : $"the project's Dockerfile ({ProjectDockerfile}) in the context {Path.TrimEndingDirectorySeparator(ProjectContext)}";

    bool ContextIsDockerfileDirectory =>
        Path.TrimEndingDirectorySeparator(ProjectContext) == Path.GetDirectoryName(ProjectDockerfile);

    /// <summary>The Dockerfile Docker will build, as text (for the dry run).</summary>
    public string DockerfileText() => UsesProjectDockerfile ? File.ReadAllText(ProjectDockerfile) : GeneratedDockerfile();

    /// <summary>Fails fast, before anything is built or sent, when an input is missing.</summary>
    public void CheckInputs()
    {
        if (UsesProjectDockerfile)
        {
            if (!File.Exists(ProjectDockerfile))
            {
                throw DeployErrors.DockerfileMissing(ProjectDockerfile);
            }

            _ = DockerfilePathInContext; // DeployErrors.DockerfileOutsideContext when it, or where its links lead, lies outside the context
            return;
        }

        Shape.CheckRunsOnLinux();
        var entry = Path.Combine(request.PublishDirectory, EntryFile);
        if (!File.Exists(entry))
        {
            throw DeployErrors.EntryAssemblyMissing(entry);
        }

        request.Config.TryGetValue("DOTNET_ROLL_FORWARD", out var rollForward);
        RuntimeFit.Check(Shape, BaseImage, request.PublishDirectory, request.EntryAssembly, Setting.OrNull(rollForward));
        WriteIfChanged(request.GeneratedDockerfilePath, GeneratedDockerfile());
        if (request.Shape is not null)
        {
            log.Detail($"The app is a {Shape.Describe()}: it runs on {BaseImage}{(BaseImageInferred ? "" : " (DokkuBaseImage)")} " +
                $"as Dokku's {Shape.ProcessType} process, started with `{string.Join(" ", Options().StartCommand)}`");
        }

        if (IsWorker && OwnAppJson() is { } own && !AppJson.ScalesWorker(File.ReadAllText(own)))
        {
            log.Warning(DeployErrors.WorkerNotScaledWarning, DeployErrors.WorkerNotScaled(own));
        }

        if (HealthCheckPath() is { } path)
        {
            log.Detail($"app.json: Dokku checks {path} before it switches traffic to a new release");
        }

        ReportSkippedHealthMappings();
    }

    /// <summary>A detected endpoint the deployed app would not serve is left out; with no other one found, the user should know why.</summary>
    void ReportSkippedHealthMappings()
    {
        if (request.HealthCheckPath is not null || !healthScan.IsValueCreated)
        {
            return;
        }

        var scan = healthScan.Value;
        foreach (var (skipped, index) in scan.Skipped.Select((s, i) => (s, i)))
        {
            if (scan.Path is null && index == 0)
            {
                log.Warning(DeployErrors.HealthEndpointNotDeployedWarning, DeployErrors.HealthEndpointNotDeployed(skipped.Path, skipped.File, skipped.Line, skipped.Reason));
            }
            else
            {
                log.Detail($"app.json: not checking {skipped.Path} ({skipped.File}({skipped.Line})): it is mapped {skipped.Reason}");
            }
        }
    }

    /// <summary>Production, as ASP.NET Core assumes, unless the deploy's own config names the environment.</summary>
    static string DeployedEnvironment(DeployRequest request) =>
        request.Config.TryGetValue("ASPNETCORE_ENVIRONMENT", out var aspnet) && Setting.OrNull(aspnet) is { } a ? a
        : request.Config.TryGetValue("DOTNET_ENVIRONMENT", out var dotnet) && Setting.OrNull(dotnet) is { } d ? d
        : HealthEndpoint.DefaultEnvironment;

    public IEnumerable<ContextFile> Files()
    {
        if (UsesProjectDockerfile)
        {
            var ignore = DockerIgnore.Load(ProjectContext, DockerfilePathInContext, log);
            return ContextDirectory.Enumerate(ProjectContext, ignore, log, dockerModes: true);
        }

        var appHost = Shape.StartsWithAppHost ? LayerPath(EntryFile) : null;
        // Executable whatever the file system it was published on says (NTFS has no x bit).
        var context = PublishLayout.CreateContext(request.PublishDirectory, request.DependencyFiles, GeneratedDockerfile(), log)
            .Select(file => file.Path == appHost ? file with { Executable = true } : file);
        if (IsWorker)
        {
            return context.Concat(WorkerFiles());
        }

        return HealthCheckPath() is { } path
            ? context.Append(ContextFile.FromText(LayerPath(AppJson.FileName), AppJson.WithHealthCheck(path)))
            : context;
    }

    /// <summary>A Procfile that names the worker and an app.json that scales it to one, unless the app brings its own.</summary>
    IEnumerable<ContextFile> WorkerFiles()
    {
        if (!File.Exists(Path.Combine(request.PublishDirectory, Procfile.FileName)))
        {
            yield return ContextFile.FromText(LayerPath(Procfile.FileName), Procfile.ForWorker(Options().StartCommand));
        }

        if (OwnAppJson() is null)
        {
            yield return ContextFile.FromText(LayerPath(AppJson.FileName), AppJson.WithWorker());
        }
    }

    string? OwnAppJson() => Path.Combine(request.PublishDirectory, AppJson.FileName) is var path && File.Exists(path) ? path : null;

    /// <summary>A base image that follows an older target framework than this machine's and cannot be had: say what else works.</summary>
    public DeployException Explain(DeployException missingBaseImage)
    {
        var machine = Environment.Version.Major;
        if (UsesProjectDockerfile || !BaseImageInferred || Shape.BringsRuntime || BaseImages.FrameworkVersion(Shape.TargetFrameworkVersion) is not { } target || target.Major >= machine)
        {
            return missingBaseImage;
        }

        var suggested = BaseImages.For(Shape with { TargetFrameworkVersion = $"{machine}.0" });
        return DeployErrors.OlderFrameworkImageMissing(BaseImage, $"net{BaseImages.Tag(Shape.TargetFrameworkVersion)}", machine, suggested, missingBaseImage);
    }

    /// <summary>A healthcheck for Dokku, unless the app ships its own app.json or the user turned it off.</summary>
    string? HealthCheckPath()
    {
        if (IsWorker || OwnAppJson() is not null)
        {
            return null;
        }

        return request.HealthCheckPath switch
        {
            null => healthScan.Value.Path,
            var off when off.Equals("false", StringComparison.OrdinalIgnoreCase) => null,
            var path => path.StartsWith('/') ? path : "/" + path,
        };
    }

    string GeneratedDockerfile() => DockerfileGenerator.Generate(Options());

    DockerfileOptions Options() => new()
    {
        BaseImage = BaseImage,
        EntryAssembly = request.EntryAssembly,
        ServesHttp = !IsWorker,
        StartsWithAppHost = Shape.StartsWithAppHost,
        HasDependencyLayer = PublishLayout.HasDependencies(request.PublishDirectory, request.DependencyFiles),
        Port = request.Port ?? ListeningPort.DokkuDefault,
        User = request.ContainerUser,
        Labels = Labels(),
    };

    /// <summary>OCI labels from git; 'created' is the commit time, not now, so that rebuilding the same commit gives the same image.</summary>
    Dictionary<string, string> Labels()
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if ((request.SourceRepositoryUrl ?? git.OriginUrl) is { Length: > 0 } source)
        {
            labels["org.opencontainers.image.source"] = source;
        }

        if (git.CommitSha is { } sha)
        {
            labels["org.opencontainers.image.revision"] = git.IsDirty ? $"{sha}-dirty" : sha;
        }

        if (git.CommitTime is { } time)
        {
            labels["org.opencontainers.image.created"] = time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        }

        return labels;
    }

    /// <summary>Written only when the text changes, so that the file's time says when the Dockerfile last changed.</summary>
    static void WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
