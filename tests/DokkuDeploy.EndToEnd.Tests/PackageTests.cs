using System.IO.Compression;
using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

public sealed class PackageTests
{
    [Test]
    public async Task The_package_holds_exactly_these_files()
    {
        var (feed, version) = await PackedPackage.GetAsync();
        using var package = ZipFile.OpenRead(Path.Combine(feed, $"DokkuDeploy.{version}.nupkg"));
        var files = package.Entries.Select(e => e.FullName)
            .Where(f => !f.StartsWith("package/", StringComparison.Ordinal) && !f.StartsWith("_rels/", StringComparison.Ordinal) && f != "[Content_Types].xml")
            .Order(StringComparer.Ordinal).ToArray();
        var helpPages = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "docs", "errors"), "*.md").Select(f => "docs/errors/" + Path.GetFileName(f));
        Assert.That(files, Is.EqualTo(new[]
        {
            "DokkuDeploy.nuspec",
            "README.md",
            "build/DokkuDeploy.Operate.targets",
            "build/DokkuDeploy.props",
            "build/DokkuDeploy.targets",
            "tasks/net472/DokkuDeploy.Tasks.NetFramework.dll",
            "tasks/net8.0/BouncyCastle.Cryptography.dll",
            "tasks/net8.0/Docker.DotNet.Handler.Abstractions.dll",
            "tasks/net8.0/Docker.DotNet.LegacyHttp.dll",
            "tasks/net8.0/Docker.DotNet.NPipe.dll",
            "tasks/net8.0/Docker.DotNet.NativeHttp.dll",
            "tasks/net8.0/Docker.DotNet.Unix.dll",
            "tasks/net8.0/Docker.DotNet.dll",
            "tasks/net8.0/DokkuDeploy.Cli.deps.json",
            "tasks/net8.0/DokkuDeploy.Cli.dll",
            "tasks/net8.0/DokkuDeploy.Cli.runtimeconfig.json",
            "tasks/net8.0/DokkuDeploy.Core.dll",
            "tasks/net8.0/DokkuDeploy.Tasks.deps.json",
            "tasks/net8.0/DokkuDeploy.Tasks.dll",
            "tasks/net8.0/LibGit2Sharp.dll",
            "tasks/net8.0/Microsoft.Build.Framework.dll",
            "tasks/net8.0/Microsoft.Build.Utilities.Core.dll",
            "tasks/net8.0/Microsoft.Extensions.DependencyInjection.Abstractions.dll",
            "tasks/net8.0/Microsoft.Extensions.Logging.Abstractions.dll",
            "tasks/net8.0/Microsoft.NET.StringTools.dll",
            "tasks/net8.0/Microsoft.Net.Http.Client.dll",
            "tasks/net8.0/Renci.SshNet.dll",
            "tasks/net8.0/System.Configuration.ConfigurationManager.dll",
            "tasks/net8.0/System.Diagnostics.EventLog.dll",
            "tasks/net8.0/System.IO.Pipelines.dll",
            "tasks/net8.0/System.Security.Cryptography.ProtectedData.dll",
            "tasks/net8.0/runtimes/linux-arm64/native/libgit2-5853918.so",
            "tasks/net8.0/runtimes/linux-musl-x64/native/libgit2-5853918.so",
            "tasks/net8.0/runtimes/linux-x64/native/libgit2-5853918.so",
            "tasks/net8.0/runtimes/osx-arm64/native/libgit2-5853918.dylib",
            "tasks/net8.0/runtimes/osx-x64/native/libgit2-5853918.dylib",
            "tasks/net8.0/runtimes/win-x64/native/git2-5853918.dll",
            "tasks/net8.0/runtimes/win/lib/net8.0/System.Diagnostics.EventLog.Messages.dll",
            "tasks/net8.0/runtimes/win/lib/net8.0/System.Diagnostics.EventLog.dll",
        }.Concat(helpPages).Order(StringComparer.Ordinal)));
    }

    [Test]
    public async Task The_package_is_a_development_dependency_with_no_dependencies()
    {
        var (feed, version) = await PackedPackage.GetAsync();
        using var package = ZipFile.OpenRead(Path.Combine(feed, $"DokkuDeploy.{version}.nupkg"));
        using var reader = new StreamReader(package.GetEntry("DokkuDeploy.nuspec")!.Open());
        var nuspec = await reader.ReadToEndAsync();
        Assert.That(nuspec, Does.Contain("<developmentDependency>true</developmentDependency>"));
        Assert.That(nuspec, Does.Not.Contain("<dependency "));
    }

    [Test]
    public async Task A_plain_build_neither_deploys_nor_loads_the_task_assembly()
    {
        using var workspace = await SampleWorkspace.CreateAsync();
        var restore = await workspace.DotnetAsync(["restore", "HelloDokku"]);
        Assert.That(restore.ExitCode, Is.Zero, restore.ToString());

        // Remove the task assembly from the restored package: a build that needed it would fail.
        var (_, version) = await PackedPackage.GetAsync();
        var tasks = Path.Combine(workspace.Packages, "dokkudeploy", version, "tasks");
        var hidden = tasks + ".hidden";
        Directory.Move(tasks, hidden);
        try
        {
            var build = await workspace.DotnetAsync(["build", "HelloDokku", "--no-restore", "-v:n"]);
            Assert.That(build.ExitCode, Is.Zero, build.ToString());
            Assert.That(build.StandardOutput, Does.Not.Contain("DeployToDokku"));
        }
        finally
        {
            Directory.Move(hidden, tasks);
        }
    }
}
