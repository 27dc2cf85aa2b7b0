using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// The test bed's arm64 server (tests/testbed/lib/arm64.sh): its stand-in's `dokku report` says aarch64, and its engine
/// runs arm64 images under QEMU. The sample is built here, on x64, for linux/arm64 (the generated Dockerfile only
/// copies, so no emulation is needed to build it) on the bed's offline arm64 ASP.NET image.
/// </summary>
[NonParallelizable]
public sealed class Arm64ServerTests
{
    TestBedEnvironment testBed = null!;
    SampleWorkspace workspace = null!;
    StandInShell arm64 = null!;
    string app = "";

    [SetUp]
    public async Task CreateWorkspace()
    {
        testBed = TestBedEnvironment.Require();
        arm64 = new StandInShell(testBed, testBed.Arm64SshPort);
        workspace = await SampleWorkspace.CreateAsync();
        app = $"e2e-{Guid.NewGuid():N}"[..12];
    }

    [TearDown]
    public async Task DestroyApp()
    {
        if (testBed is not null)
        {
            await arm64.RunAsync($"--force apps:destroy {app}");
            var docker = new DockerCli(testBed, testBed.Arm64DockerEnvironment);
            var tags = await docker.RunAsync(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}", $"dokku-deploy/{app}"]);
            await docker.RemoveImagesAsync(tags.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            await TestApps.DestroyAsync(testBed, app);
        }

        workspace?.Dispose();
    }

    string[] Publish(string baseImage, params string[] extra) =>
    [
        "publish", "HelloDokku", "-c", "Release", "-t:DokkuDeploy", "-nologo",
        $"-p:DokkuRemote=ssh://{testBed.SshUser}@{testBed.SshHost}:{testBed.Arm64SshPort}/{app}",
        $"-p:DokkuSshKey={testBed.SshKeyPath}",
        $"-p:DokkuKnownHosts={testBed.KnownHostsPath}",
        $"-p:DokkuBaseImage={baseImage}",
        .. extra,
    ];

    int ReportsAsked() =>
        File.Exists(Path.Combine(testBed.Arm64State, ".process-list.log"))
            ? File.ReadLines(Path.Combine(testBed.Arm64State, ".process-list.log")).Count(line => line.TrimEnd().EndsWith(" report", StringComparison.Ordinal))
            : 0;

    [Test]
    public async Task The_sample_is_built_for_the_arm64_server_deployed_there_and_answers_HTTP()
    {
        var reportsBefore = ReportsAsked();
        var deploy = await workspace.DotnetAsync(Publish(testBed.AspNetArm64Image, "-p:DokkuVerifyUrl=/health"), DeployRun.Environment(testBed, workspace.Root));

        Assert.That(deploy.ExitCode, Is.Zero, deploy.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(deploy.StandardOutput, Does.Contain($"for linux/arm64 (dokku@127.0.0.1:{testBed.Arm64SshPort} runs linux/arm64"));
            // The check before the publish asked; the deploy's own session found the answer remembered.
            Assert.That(ReportsAsked() - reportsBefore, Is.EqualTo(1), "dokku report is asked once per server, then remembered");
        });
        var image = deploy.StandardOutput.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("Building image ", StringComparison.Ordinal)).Split(' ')[2];
        var onServer = await new DockerCli(testBed, testBed.Arm64DockerEnvironment).RunCheckedAsync(["image", "inspect", "-f", "{{.Os}}/{{.Architecture}}", image]);
        Assert.That(onServer.StandardOutput.Trim(), Is.EqualTo("linux/arm64"), "the server runs the arm64 image it was sent");
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(deploy)), Is.EqualTo("Hello from HelloDokku!"));
    }

    [Test]
    public async Task An_x64_image_is_refused_before_the_arm64_server_changes()
    {
        // A project that says DokkuPlatform=linux/amd64 (written for its old x64 server), on the x64 ASP.NET image: the image
        // is built for linux/amd64, and the arm64 server's own word (its dokku report) refuses it. (Docker 20.10, the test
        // bed's engine, builds for the platform it is asked for or fails, so an x64 image needs the build to ask for x64.)
        var deploy = await workspace.DotnetAsync(Publish(testBed.AspNetImage, "-p:DokkuPlatform=linux/amd64"), DeployRun.Environment(testBed, workspace.Root));

        Assert.That(deploy.ExitCode, Is.Not.Zero, deploy.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(DeployRun.ErrorCodes(deploy), Is.EqualTo(new[] { "DOKKU1131" }), deploy.ToString());
            Assert.That(deploy.StandardOutput, Does.Contain($"is for linux/amd64, and dokku@127.0.0.1:{testBed.Arm64SshPort} runs linux/arm64"));
            Assert.That(deploy.StandardOutput, Does.Contain("remove DokkuPlatform"), "the message says what to change");
            Assert.That(deploy.StandardOutput, Does.Contain("Building image"), "the x64 image was built, then refused");
            Assert.That(deploy.StandardOutput, Does.Not.Contain("Creating app").And.Not.Contain("Deployed '").And.Not.Contain("   at "));
        });
        var exists = await arm64.RunAsync($"apps:exists {app}");
        Assert.That(exists.ExitCode, Is.EqualTo(20), "the app was never created: nothing changed on the server\n" + exists);
    }
}
