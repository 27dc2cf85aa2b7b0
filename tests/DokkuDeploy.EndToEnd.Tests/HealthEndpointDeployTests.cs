namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// A health endpoint mapped only under IsDevelopment() does not exist in the deployed (Production) app:
/// no app.json healthcheck is made of it, so Dokku's check cannot 404 the release, and DOKKU2104 says why.
/// </summary>
public sealed class HealthEndpointDeployTests : SampleAppTest
{
    [Test]
    public async Task A_health_endpoint_only_in_Development_is_not_polled_and_the_deploy_answers()
    {
        workspace.ReplaceInProgram(
            "app.MapGet(\"/health\", () => Results.Text(\"healthy\"));",
            "if (app.Environment.IsDevelopment())\n{\n    app.MapGet(\"/health\", () => Results.Text(\"healthy\"));\n}");

        var result = await DeployRun.PublishAsync(workspace, testBed, app);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("warning DOKKU2104"), result.ToString());
        Assert.That(result.StandardOutput, Does.Not.Contain("name='/health'").And.Not.Contain("path='/health'"),
            "Dokku was not asked to poll a path the deployed app does not serve");
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(result)), Is.EqualTo("Hello from HelloDokku!"));
    }
}
