using System.Text.Json;
using DokkuDeploy.Core.Dockerfiles;
using DokkuDeploy.Tests.BuildContext;

namespace DokkuDeploy.Tests.Dockerfiles;

public sealed class HealthEndpointTests
{
    [TestCase("app.MapHealthChecks(\"/healthz\");", "/healthz")]
    [TestCase("app.MapGet(\"/health\", () => Results.Text(\"healthy\"));", "/health")]
    [TestCase("app.MapGet( \"/health/ready\", Ready);", "/health/ready")]
    [TestCase("endpoints.MapHealthChecks(\"/alive\")", "/alive")]
    [TestCase("app.UseHealthChecks(\"/ready\");", "/ready")]
    [TestCase("app.MapGet(\"/\", () => \"hi\");", null)]
    [TestCase("var s = \"app.MapHealthChecks(\\\"/health\\\")\";", null)]
    [TestCase("// app.MapHealthChecks(\"/health\");", null)]
    [TestCase("app.MapGet(\"/healthcare/patients\", List);", null)]
    [TestCase("// nothing here", null)]
    public void Finds_the_health_endpoint_the_app_maps(string code, string? expected)
    {
        using var project = new TempTree().File("Program.cs", code);
        Assert.That(HealthEndpoint.Detect(project.Root), Is.EqualTo(expected));
    }

    [Test]
    public void Build_output_is_not_read()
    {
        using var project = new TempTree().File("Program.cs", "app.MapGet(\"/\", Hi);").File("obj/Generated.cs", "app.MapHealthChecks(\"/health\");");
        Assert.That(HealthEndpoint.Detect(project.Root), Is.Null);
    }

    [Test]
    public void The_app_json_is_Dokkus_healthcheck_format()
    {
        using var document = JsonDocument.Parse(AppJson.WithHealthCheck("/health"));
        var check = document.RootElement.GetProperty("healthchecks").GetProperty("web")[0];
        Assert.Multiple(() =>
        {
            Assert.That(check.GetProperty("type").GetString(), Is.EqualTo("startup"));
            Assert.That(check.GetProperty("path").GetString(), Is.EqualTo("/health"));
            Assert.That(check.GetProperty("attempts").GetInt32(), Is.GreaterThan(1));
        });
    }
}
