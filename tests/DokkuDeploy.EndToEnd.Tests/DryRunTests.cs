using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>-p:DokkuDryRun=true prints the whole plan and changes nothing: no image, no app, no config.</summary>
public sealed class DryRunTests : SampleAppTest
{
    [Test]
    public async Task A_dry_run_prints_the_Dockerfile_the_context_and_every_command_and_changes_nothing()
    {
        File.WriteAllText(Path.Combine(workspace.Project, "Directory.Build.targets"), """
            <Project>
              <ItemGroup>
                <DokkuConfig Include="GREETING" Value="dry-run-secret-value" />
              </ItemGroup>
            </Project>
            """);

        var result = await DeployRun.PublishAsync(workspace, testBed, app, "-p:DokkuDryRun=true", "-p:DokkuVerifyUrl=/health");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var output = result.StandardOutput;
        Assert.That(output, Does.Contain("Dry run"));
        Assert.That(output, Does.Contain($"| FROM {testBed.AspNetImage}"));
        Assert.That(output, Does.Contain("Build context: "));
        Assert.That(output, Does.Contain($"apps:exists {app}"));
        Assert.That(output, Does.Contain($"--quiet config:import --no-restart --format json {app} -   (stdin: the values of GREETING"));
        Assert.That(output, Does.Contain($"git:load-image {app} dokku-deploy/{app}:"));
        Assert.That(output, Does.Contain("GET the app's URL + /health"));
        Assert.That(output, Does.Not.Contain("dry-run-secret-value"));

        var exists = await new StandInShell(testBed).RunAsync($"apps:exists {app}");
        Assert.That(exists.ExitCode, Is.EqualTo(20), "the app was not created");
        var images = await new DockerCli(testBed).RunAsync(["image", "ls", "-q", $"dokku-deploy/{app}"]);
        Assert.That(images.StandardOutput.Trim(), Is.Empty, "no image was built");
    }

    [Test]
    public async Task A_dry_run_with_the_registry_method_shows_the_push_and_from_image()
    {
        var result = await DeployRun.PublishAsync(workspace, testBed, app, "-p:DokkuDryRun=true", "-p:DokkuDeployMethod=registry", "-p:DokkuRegistry=registry.example.com/team");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutput, Does.Contain($"docker push registry.example.com/team/{app}:"));
        Assert.That(result.StandardOutput, Does.Contain($"git:from-image {app} registry.example.com/team/{app}:"));
    }

    [Test]
    public async Task An_unknown_deploy_method_is_a_coded_error()
    {
        var result = await DeployRun.PublishAsync(workspace, testBed, app, "-p:DokkuDeployMethod=ftp");

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(DeployRun.ErrorCodes(result), Is.EqualTo(new[] { "DOKKU1110" }), result.StandardOutput);
    }

    [Test]
    public async Task The_registry_method_without_a_registry_is_a_coded_error()
    {
        var result = await DeployRun.PublishAsync(workspace, testBed, app, "-p:DokkuDeployMethod=registry");

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(DeployRun.ErrorCodes(result), Is.EqualTo(new[] { "DOKKU1111" }), result.StandardOutput);
    }
}
