namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// The deploy builds with whichever engine DOCKER_HOST names, as the docker CLI would: here the test bed's
/// engine over tcp:// with TLS, verified against the test bed's CA, with a client certificate.
/// </summary>
public sealed class DockerEndpointDeployTests : SampleAppTest
{
    [Test]
    public async Task A_deploy_builds_on_an_engine_reached_over_TLS()
    {
        var environment = DeployRun.Environment(testBed, workspace.Root);
        environment["DOCKER_HOST"] = testBed.Get("DOKKU_TESTBED_DOCKER_TLS_HOST");
        environment["DOCKER_TLS_VERIFY"] = "1";
        environment["DOCKER_CERT_PATH"] = testBed.Get("DOKKU_TESTBED_DOCKER_CERT_PATH");

        var result = await workspace.DotnetAsync(DeployRun.Arguments(testBed, app, "-v:n"), environment);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutput, Does.Contain("(from DOCKER_HOST), TLS"));
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(result)), Is.EqualTo("Hello from HelloDokku!"));
    }
}
