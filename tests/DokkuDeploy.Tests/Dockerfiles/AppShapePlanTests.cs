using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Dockerfiles;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Git;
using DokkuDeploy.Tests.BuildContext;
using DokkuDeploy.Tests.Dokku;

namespace DokkuDeploy.Tests.Dockerfiles;

/// <summary>What each app shape puts into the build context: the Dockerfile's FROM and start, and a worker's Procfile and app.json.</summary>
public sealed class AppShapePlanTests
{
    static readonly AppShape ConsoleApp = new() { TargetFrameworkVersion = "v10.0" };
    static readonly AppShape SelfContainedWeb = new() { TargetFrameworkVersion = "v10.0", IsAspNetCore = true, SelfContained = true, RuntimeIdentifier = "linux-x64" };

    [Test]
    public void A_console_app_is_a_worker_on_the_runtime_image_with_a_Procfile_and_a_formation()
    {
        using var project = new TempTree().File("src/Program.cs", "app.MapGet(\"/health\", () => \"ok\");").File("publish/Worker.dll");
        var (plan, log) = Plan(project, ConsoleApp, "Worker.dll");
        var files = plan.Files().ToList();
        var dockerfile = Text(files, "Dockerfile");
        Assert.Multiple(() =>
        {
            Assert.That(plan.IsWorker, Is.True);
            Assert.That(dockerfile, Does.Contain("FROM mcr.microsoft.com/dotnet/runtime:10.0\n"));
            Assert.That(dockerfile, Does.Contain("CMD [\"dotnet\", \"Worker.dll\"]"));
            Assert.That(dockerfile, Does.Not.Contain("ASPNETCORE_HTTP_PORTS").And.Not.Contain("ENTRYPOINT"));
            Assert.That(Text(files, "app/app/Procfile"), Is.EqualTo("worker: dotnet Worker.dll\n"));
            Assert.That(AppJson.ScalesWorker(Text(files, "app/app/app.json")), Is.True, "a health endpoint in the source is no reason for a web check");
            Assert.That(log.Details, Has.Some.Contains("runs on mcr.microsoft.com/dotnet/runtime:10.0 as Dokku's worker process"));
        });
    }

    [Test]
    public void A_self_contained_web_app_starts_its_apphost_on_runtime_deps_and_keeps_it_executable()
    {
        using var project = new TempTree().File("src/Program.cs").File("publish/App").File("publish/App.dll");
        var (plan, _) = Plan(project, SelfContainedWeb, "App.dll");
        var files = plan.Files().ToList();
        var dockerfile = Text(files, "Dockerfile");
        Assert.Multiple(() =>
        {
            Assert.That(dockerfile, Does.Contain("FROM mcr.microsoft.com/dotnet/runtime-deps:10.0\n"));
            Assert.That(dockerfile, Does.Contain("ENTRYPOINT [\"./App\"]"));
            Assert.That(dockerfile, Does.Contain("ENV ASPNETCORE_HTTP_PORTS=5000"));
            Assert.That(files.Single(f => f.Path == "app/app/App").Executable, Is.True);
            Assert.That(files.Select(f => f.Path), Has.None.EqualTo("app/app/Procfile"));
        });
    }

    [Test]
    public void A_missing_apphost_is_reported_by_its_own_name()
    {
        using var project = new TempTree().File("src/Program.cs").File("publish/App.dll");
        var error = Assert.Throws<DeployException>(() => Plan(project, SelfContainedWeb, "App.dll"))!;
        Assert.That(error.Message, Does.Contain("no 'App' (looked in"));
    }

    [Test]
    public void A_worker_with_its_own_app_json_that_scales_nothing_is_warned_with_DOKKU1139()
    {
        using var project = new TempTree().File("src/Program.cs").File("publish/Worker.dll").File("publish/app.json", "{ \"healthchecks\": {} }");
        var (plan, log) = Plan(project, ConsoleApp, "Worker.dll");
        Assert.Multiple(() =>
        {
            Assert.That(log.Warnings.Select(w => w.Code), Is.EqualTo(new[] { "DOKKU1139" }));
            Assert.That(plan.Files().Select(f => f.Path), Has.One.EqualTo("app/app/Procfile"));
        });
    }

    [Test]
    public void A_project_Dockerfile_is_a_worker_only_when_DokkuProcessType_says_so()
    {
        using var project = new TempTree().File("src/Dockerfile", "FROM scratch\n");
        Assert.Multiple(() =>
        {
            Assert.That(new ContextPlan(Request(project, ConsoleApp, "Worker.dll") with { Dockerfile = "Dockerfile" }, GitRepositoryInfo.None, new RecordingLog()).IsWorker, Is.False);
            var worker = ConsoleApp with { ProcessTypeSetting = "worker" };
            Assert.That(new ContextPlan(Request(project, worker, "Worker.dll") with { Dockerfile = "Dockerfile" }, GitRepositoryInfo.None, new RecordingLog()).IsWorker, Is.True);
        });
    }

    [Test]
    public void An_older_target_framework_whose_image_is_missing_gets_DOKKU1137_with_roll_forward_advice()
    {
        using var project = new TempTree().File("src/Program.cs").File("publish/App.dll");
        var net8 = SelfContainedWeb with { SelfContained = false, RuntimeIdentifier = null, TargetFrameworkVersion = "v8.0" };
        var plan = new ContextPlan(Request(project, net8, "App.dll"), GitRepositoryInfo.None, new RecordingLog());
        var missing = DeployErrors.DockerBaseImageMissing("mcr.microsoft.com/dotnet/aspnet:8.0", "pull access denied");
        var explained = plan.Explain(missing);
        Assert.Multiple(() =>
        {
            Assert.That(explained.Code, Is.EqualTo("DOKKU1137"));
            Assert.That(explained.Message, Does.Contain("<RollForward>Major</RollForward>"));
            Assert.That(explained.Message, Does.Contain($"DokkuBaseImage=mcr.microsoft.com/dotnet/aspnet:{Environment.Version.Major}.0"));
            Assert.That(new ContextPlan(Request(project, net8, "App.dll") with { BaseImage = "mine:8.0" }, GitRepositoryInfo.None, new RecordingLog()).Explain(missing), Is.SameAs(missing));
        });
    }

    static DeployRequest Request(TempTree project, AppShape shape, string entry) => new()
    {
        ProjectDirectory = project.PathOf("src"),
        PublishDirectory = project.PathOf("publish"),
        EntryAssembly = entry,
        GeneratedDockerfilePath = project.PathOf("obj/dokku/Dockerfile"),
        Shape = shape,
    };

    static (ContextPlan Plan, RecordingLog Log) Plan(TempTree project, AppShape shape, string entry)
    {
        var log = new RecordingLog();
        var plan = new ContextPlan(Request(project, shape, entry), GitRepositoryInfo.None, log);
        plan.CheckInputs();
        return (plan, log);
    }

    static string Text(IEnumerable<ContextFile> files, string path) =>
        System.Text.Encoding.UTF8.GetString(files.Single(f => f.Path == path).Content!);
}
