using System.Text.RegularExpressions;
using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// Operating a deployed app with the packed package: `-t:DokkuRollback`, `-t:DokkuLogs`, `-t:DokkuStatus`
/// and `-t:DokkuConfigSync` through `dotnet build` and `dotnet msbuild`. They talk to Dokku only: the
/// project is never compiled (no bin/Debug appears, though Debug is these commands' configuration).
/// </summary>
public sealed partial class OperateTests : SampleAppTest
{
    string[] Operate(string command, string target, params string[] extra) =>
    [
        command, "HelloDokku", $"-t:{target}", "-nologo",
        $"-p:DokkuRemote=ssh://{testBed.SshUser}@{testBed.SshHost}:{testBed.SshPort}/{app}",
        $"-p:DokkuSshKey={testBed.SshKeyPath}",
        $"-p:DokkuKnownHosts={testBed.KnownHostsPath}",
        .. extra,
    ];

    Task<ProcessResult> RunAsync(string command, string target, params string[] extra) =>
        workspace.DotnetAsync(Operate(command, target, extra), DeployRun.Environment(testBed, workspace.Root));

    void AssertNothingWasCompiled(ProcessResult result)
    {
        Assert.That(Directory.Exists(Path.Combine(workspace.Project, "bin", "Debug")), Is.False, "the project was built:\n" + result);
        Assert.That(result.StandardOutput, Does.Not.Contain("Building image"));
    }

    [Test]
    public async Task Rollback_brings_back_the_previous_release_without_building_anything()
    {
        var first = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        workspace.ReplaceInProgram("Hello from HelloDokku!", "Hello v2 from HelloDokku!");
        await workspace.CommitAllAsync("v2");
        var second = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(second.ExitCode, Is.Zero, second.ToString());
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(second)), Is.EqualTo("Hello v2 from HelloDokku!"));

        var rollback = await RunAsync("build", "DokkuRollback");

        Assert.That(rollback.ExitCode, Is.Zero, rollback.ToString());
        Assert.That(rollback.StandardOutput, Does.Contain($"Rolled back '{app}' to dokku-deploy/{app}:"));
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(rollback)), Is.EqualTo("Hello from HelloDokku!"));
        AssertNothingWasCompiled(rollback);

        var nothingLeft = await RunAsync("msbuild", "DokkuRollback");
        Assert.That(DeployRun.ErrorCodes(nothingLeft), Is.EqualTo(new[] { "DOKKU8002" }), nothingLeft.ToString());
    }

    [Test]
    public async Task Rollback_to_a_tag_picks_that_release()
    {
        var first = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        var firstTag = ImageTag().Match(first.StandardOutput).Groups["tag"].Value;
        workspace.ReplaceInProgram("Hello from HelloDokku!", "Hello v2 from HelloDokku!");
        var second = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(second.ExitCode, Is.Zero, second.ToString());

        var unknown = await RunAsync("msbuild", "DokkuRollback", "-p:DokkuRollbackTo=0000000");
        Assert.That(DeployRun.ErrorCodes(unknown), Is.EqualTo(new[] { "DOKKU8003" }), unknown.ToString());

        var rollback = await RunAsync("msbuild", "DokkuRollback", $"-p:DokkuRollbackTo={firstTag}");
        Assert.That(rollback.ExitCode, Is.Zero, rollback.ToString());
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(rollback)), Is.EqualTo("Hello from HelloDokku!"));
    }

    [Test]
    public async Task Logs_status_and_config_sync_work_on_the_deployed_app()
    {
        var deploy = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(deploy.ExitCode, Is.Zero, deploy.ToString());
        var tag = ImageTag().Match(deploy.StandardOutput).Groups["tag"].Value;

        var logs = await RunAsync("build", "DokkuLogs", "-p:DokkuLogLines=50");
        Assert.That(logs.ExitCode, Is.Zero, logs.ToString());
        Assert.That(logs.StandardOutput, Does.Contain($"{app}[web.1]: ").And.Contain("Now listening on"));

        var status = await RunAsync("msbuild", "DokkuStatus");
        Assert.That(status.ExitCode, Is.Zero, status.ToString());
        Assert.That(status.StandardOutput, Does.Contain($"App '{app}' on ").And.Contain(": running (1 process)").And.Not.Contain("git information"));
        Assert.That(status.StandardOutput, Does.Contain($"Image: dokku-deploy/{app}:{tag} (released "));
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(status)), Is.EqualTo("Hello from HelloDokku!"));

        File.WriteAllText(Path.Combine(workspace.Project, "Directory.Build.targets"), """
            <Project>
              <ItemGroup>
                <DokkuConfig Include="GREETING" Value="synced-greeting" />
              </ItemGroup>
            </Project>
            """);
        var sync = await RunAsync("build", "DokkuConfigSync");
        Assert.That(sync.ExitCode, Is.Zero, sync.ToString());
        Assert.That(sync.StandardOutput, Does.Contain("Setting config: GREETING").And.Contain($"Restarting '{app}'"));
        Assert.That(sync.StandardOutput, Does.Not.Contain("synced-greeting"), "values are never shown");
        var after = await RunAsync("msbuild", "DokkuStatus");
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(after)), Is.EqualTo("Hello from HelloDokku! synced-greeting"));

        var again = await RunAsync("build", "DokkuConfigSync");
        Assert.That(again.StandardOutput, Does.Contain("Config unchanged: GREETING").And.Not.Contain("Restarting"));
        AssertNothingWasCompiled(again);
    }

    [GeneratedRegex(@"Building image dokku-deploy/[^:\s]+:(?<tag>\S+)")]
    private static partial Regex ImageTag();
}
