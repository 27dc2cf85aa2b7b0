using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// -p:DokkuDeployMethod=registry: the image is pushed to the test bed's htpasswd registry (127.0.0.1:5001)
/// with credentials from the environment, the server is logged in over stdin, and `git:from-image` releases it.
/// Not parallel with anything: the server engine's registry login is one for all apps, as on a real server.
/// </summary>
public sealed class RegistryMethodTests : SampleAppTest
{
    string Registry => testBed.Get("DOKKU_TESTBED_AUTH_REGISTRY");

    string Password => testBed.Get("DOKKU_TESTBED_AUTH_REGISTRY_PASSWORD");

    /// <summary>The pushed name is a tag of its own on both engines.</summary>
    [TearDown]
    public async Task RemoveRegistryTags()
    {
        foreach (var docker in new[] { new DockerCli(testBed), DockerCli.ForServer(testBed) })
        {
            var tags = await docker.RunAsync(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}", $"{Registry}/e2e/{app}"]);
            await docker.RemoveImagesAsync(tags.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
    }

    [Test]
    public async Task The_registry_method_pushes_logs_the_server_in_and_releases_and_the_password_is_never_logged()
    {
        var environment = Environment(Password);
        var binlog = Path.Combine(workspace.Root, "registry.binlog");

        var result = await workspace.DotnetAsync(
            DeployRun.Arguments(testBed, app, "-p:DokkuDeployMethod=registry", $"-p:DokkuRegistry={Registry}/e2e", "-p:DokkuRegistryLoginServer=true", "-p:DokkuVerifyUrl=/health", "-v:diag"),
            environment, binlog);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutput, Does.Contain($"Pushing {Registry}/e2e/{app}:"));
        Assert.That(result.StandardOutput, Does.Contain($"git:from-image"));
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(result)), Is.EqualTo("Hello from HelloDokku!"));
        Assert.That(result.StandardOutput + result.StandardError, Does.Not.Contain(Password));
        var replay = await workspace.DotnetAsync(["msbuild", binlog, "-v:diag", "-noconlog", $"-flp:logfile={binlog}.txt;verbosity=diagnostic"]);
        Assert.That(replay.ExitCode, Is.Zero, replay.ToString());
        Assert.That(File.ReadAllText(binlog + ".txt"), Does.Not.Contain(Password), "the password never reaches the binary log");
    }

    [Test]
    public async Task A_wrong_registry_password_fails_before_the_server_changes()
    {
        var first = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        var url = DeployRun.AppUrl(first);

        workspace.ReplaceInProgram("Hello from HelloDokku!", "never released");
        var result = await workspace.DotnetAsync(
            DeployRun.Arguments(testBed, app, "-p:DokkuDeployMethod=registry", $"-p:DokkuRegistry={Registry}/e2e"), Environment("not-the-password"));

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(DeployRun.ErrorCodes(result), Has.Count.EqualTo(1).And.All.StartsWith("DOKKU70"), result.StandardOutput);
        Assert.That(result.StandardOutput, Does.Not.Contain("git:from-image"));
        Assert.That(await DeployRun.GetAsync(url), Is.EqualTo("Hello from HelloDokku!"), "the running app is untouched");
    }

    Dictionary<string, string?> Environment(string password)
    {
        var environment = DeployRun.Environment(testBed, workspace.Root);
        environment["DOKKU_REGISTRY_USERNAME"] = testBed.Get("DOKKU_TESTBED_AUTH_REGISTRY_USERNAME");
        environment["DOKKU_REGISTRY_PASSWORD"] = password;
        // An empty Docker config: the credentials come from the environment alone.
        var dockerConfig = Path.Combine(workspace.Root + "-docker-config");
        Directory.CreateDirectory(dockerConfig);
        environment["DOCKER_CONFIG"] = dockerConfig;
        return environment;
    }
}
