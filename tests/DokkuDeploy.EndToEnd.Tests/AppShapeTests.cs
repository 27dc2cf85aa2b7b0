using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// App shapes other than the framework-dependent ASP.NET app, each deployed with no DokkuBaseImage: the base
/// image is inferred (the test bed tags its offline runtime-deps and runtime images under the official names,
/// shape-images.sh) and the app starts the way its shape needs.
/// </summary>
public sealed class AppShapeTests : SampleAppTest
{
    string[] Publish(string project, params string[] extra) =>
    [
        "publish", project, "-c", "Release", "-t:DokkuDeploy", "-nologo",
        $"-p:DokkuRemote=ssh://{testBed.SshUser}@{testBed.SshHost}:{testBed.SshPort}/{app}",
        $"-p:DokkuSshKey={testBed.SshKeyPath}",
        $"-p:DokkuKnownHosts={testBed.KnownHostsPath}",
        .. extra,
    ];

    Task<ProcessResult> RunAsync(string[] arguments) => workspace.DotnetAsync(arguments, DeployRun.Environment(testBed, workspace.Root));

    [Test]
    public async Task A_self_contained_ReadyToRun_app_starts_its_apphost_on_runtime_deps_and_answers_HTTP()
    {
        var deploy = await RunAsync(Publish("HelloDokku", "-r", "linux-x64", "--self-contained", "-p:PublishReadyToRun=true", "-p:DokkuVerifyUrl=/health"));
        Assert.That(deploy.ExitCode, Is.Zero, deploy.ToString());
        AssertStarted(deploy, "mcr.microsoft.com/dotnet/runtime-deps:10.0", "ENTRYPOINT [\"./HelloDokku\"]");
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(deploy)), Is.EqualTo("Hello from HelloDokku!"));
    }

    [Test]
    public async Task A_single_file_trimmed_app_answers_HTTP()
    {
        var deploy = await RunAsync(Publish("HelloDokku", "-r", "linux-x64", "--self-contained", "-p:PublishSingleFile=true", "-p:PublishTrimmed=true"));
        Assert.That(deploy.ExitCode, Is.Zero, deploy.ToString());
        AssertStarted(deploy, "mcr.microsoft.com/dotnet/runtime-deps:10.0", "ENTRYPOINT [\"./HelloDokku\"]");
        Assert.That(File.Exists(Path.Combine(workspace.Project, "bin", "Release", "net10.0", "linux-x64", "publish", "HelloDokku.dll")), Is.False, "single-file: no IL beside the apphost");
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(deploy)), Is.EqualTo("Hello from HelloDokku!"));
    }

    [Test]
    public async Task A_Native_AOT_app_starts_its_native_binary_on_runtime_deps_and_answers_HTTP()
    {
        // Native AOT links with clang against zlib (the test bed installs clang and zlib1g-dev).
        Prerequisite.Require(File.Exists("/usr/bin/clang"), "Native AOT needs clang to link (apt-get install clang zlib1g-dev; tests/testbed/up.sh installs them)");
        var deploy = await RunAsync(Publish("HelloDokku", "-r", "linux-x64", "-p:PublishAot=true", "-p:DokkuVerifyUrl=/health"));
        Assert.That(deploy.ExitCode, Is.Zero, deploy.ToString());
        AssertStarted(deploy, "mcr.microsoft.com/dotnet/runtime-deps:10.0", "ENTRYPOINT [\"./HelloDokku\"]");
        Assert.That(File.Exists(Path.Combine(workspace.Project, "bin", "Release", "net10.0", "linux-x64", "publish", "HelloDokku.dll")), Is.False, "native code: no IL to run");
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(deploy)), Is.EqualTo("Hello from HelloDokku!"));
    }

    [Test]
    public async Task A_worker_service_runs_as_Dokkus_worker_process_and_its_log_line_reaches_DokkuLogs()
    {
        var marker = $"worker {app} is working";
        Directory.CreateDirectory(Path.Combine(workspace.Root, "Ticker"));
        File.WriteAllText(Path.Combine(workspace.Root, "Ticker", "Ticker.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="DokkuDeploy" Version="$(DokkuDeployVersion)" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(workspace.Root, "Ticker", "Program.cs"), $$"""
            while (true)
            {
                Console.WriteLine("{{marker}}");
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
            """);
        await workspace.CommitAllAsync("A worker");

        // DokkuVerifyUrl on a worker: nothing listens, so the check is skipped with a warning, not failed.
        var deploy = await RunAsync(Publish("Ticker", "-p:DokkuVerifyUrl=true"));
        Assert.That(deploy.ExitCode, Is.Zero, deploy.ToString());
        AssertStarted(deploy, "mcr.microsoft.com/dotnet/runtime:10.0", "CMD [\"dotnet\", \"Ticker.dll\"]");
        Assert.Multiple(() =>
        {
            Assert.That(deploy.StandardOutput, Does.Contain("warning DOKKU6006"));
            Assert.That(deploy.StandardOutput, Does.Contain("Deploying worker (count=1)"));
            Assert.That(deploy.StandardOutput, Does.Not.Contain("Routing port 80").And.Not.Contain("App URL:"));
        });

        var logs = await RunAsync([
            "build", "Ticker", "-t:DokkuLogs", "-nologo", "-p:DokkuLogLines=20",
            $"-p:DokkuRemote=ssh://{testBed.SshUser}@{testBed.SshHost}:{testBed.SshPort}/{app}",
            $"-p:DokkuSshKey={testBed.SshKeyPath}", $"-p:DokkuKnownHosts={testBed.KnownHostsPath}"]);
        Assert.That(logs.ExitCode, Is.Zero, logs.ToString());
        Assert.That(logs.StandardOutput, Does.Contain($"{app}[worker.1]: {marker}"));
    }

    void AssertStarted(ProcessResult deploy, string baseImage, string start)
    {
        var dockerfile = Directory.EnumerateFiles(workspace.Root, "Dockerfile", SearchOption.AllDirectories).Single(f => f.Contains($"{Path.DirectorySeparatorChar}dokku{Path.DirectorySeparatorChar}"));
        var text = File.ReadAllText(dockerfile);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain($"FROM {baseImage}\n"), deploy.StandardOutput);
            Assert.That(text, Does.Contain(start));
        });
    }
}
