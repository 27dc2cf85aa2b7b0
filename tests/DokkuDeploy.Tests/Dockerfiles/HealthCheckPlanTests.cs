using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Dockerfiles;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Git;
using DokkuDeploy.Tests.BuildContext;
using DokkuDeploy.Tests.Dokku;

namespace DokkuDeploy.Tests.Dockerfiles;

/// <summary>What the build context gets from the detector: an app.json only for an endpoint the deployed app serves.</summary>
public sealed class HealthCheckPlanTests
{
    const string DevelopmentOnly = "var app = builder.Build();\nif (app.Environment.IsDevelopment())\n{\n    app.MapHealthChecks(\"/health\");\n}\napp.Run();\n";

    [Test]
    public void A_development_only_endpoint_adds_no_app_json_and_warns_with_DOKKU2104()
    {
        using var project = Project(DevelopmentOnly);
        var (files, log) = Plan(project);
        Assert.Multiple(() =>
        {
            Assert.That(files, Has.None.EndsWith(AppJson.FileName));
            var warning = log.Warnings.Single();
            Assert.That(warning.Code, Is.EqualTo(DeployErrors.HealthEndpointNotDeployedWarning));
            Assert.That(warning.Message, Does.Contain("Program.cs(4)").And.Contain("IsDevelopment()").And.Contain("DokkuHealthCheckPath"));
        });
    }

    [Test]
    public void An_unconditional_endpoint_adds_the_app_json_without_a_warning()
    {
        using var project = Project("app.MapHealthChecks(\"/health\");");
        var (files, log) = Plan(project);
        Assert.Multiple(() =>
        {
            Assert.That(files, Has.One.EndsWith(AppJson.FileName));
            Assert.That(log.Warnings, Is.Empty);
        });
    }

    [Test]
    public void An_explicit_DokkuHealthCheckPath_is_trusted_and_silences_the_warning()
    {
        using var project = Project(DevelopmentOnly);
        var (files, log) = Plan(project, healthCheckPath: "/ping");
        Assert.Multiple(() =>
        {
            Assert.That(files, Has.One.EndsWith(AppJson.FileName));
            Assert.That(log.Warnings, Is.Empty);
        });
    }

    [Test]
    public void ASPNETCORE_ENVIRONMENT_in_the_deploys_config_is_the_environment_judged()
    {
        using var project = Project("if (app.Environment.IsDevelopment()) { app.MapHealthChecks(\"/health\"); }");
        var (files, log) = Plan(project, config: new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        Assert.Multiple(() =>
        {
            Assert.That(files, Has.One.EndsWith(AppJson.FileName));
            Assert.That(log.Warnings, Is.Empty);
        });
    }

    static TempTree Project(string program) =>
        new TempTree().File("src/Program.cs", program).File("publish/App.dll", "not really an assembly");

    static (List<string> Files, RecordingLog Log) Plan(TempTree project, string? healthCheckPath = null, IReadOnlyDictionary<string, string>? config = null)
    {
        var request = new DeployRequest
        {
            ProjectDirectory = project.PathOf("src"),
            PublishDirectory = project.PathOf("publish"),
            EntryAssembly = "App.dll",
            GeneratedDockerfilePath = project.PathOf("obj/dokku/Dockerfile"),
            BaseImage = "mcr.microsoft.com/dotnet/aspnet:10.0",
            HealthCheckPath = healthCheckPath,
            Config = config ?? new Dictionary<string, string>(),
        };
        var log = new RecordingLog();
        var plan = new ContextPlan(request, GitRepositoryInfo.None, log);
        plan.CheckInputs();
        return (plan.Files().Select(f => f.Path).ToList(), log);
    }
}
