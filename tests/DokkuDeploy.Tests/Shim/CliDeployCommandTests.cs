using DokkuDeploy.Cli;
using Microsoft.Build.Framework;

namespace DokkuDeploy.Tests.Shim;

/// <summary>`DokkuDeploy.Cli deploy`: options to DeployToDokku parameters, and what it reads from the publish folder where MSBuild would know it.</summary>
public sealed class CliDeployCommandTests
{
    string publish = "";

    [SetUp]
    public void CreatePublishFolder()
    {
        publish = Directory.CreateTempSubdirectory("dokkudeploy-cli-").FullName;
        File.WriteAllText(Path.Combine(publish, "Shop.dll"), "");
        File.WriteAllText(Path.Combine(publish, "Shop.runtimeconfig.json"), """
            {"runtimeOptions":{"tfm":"net10.0","frameworks":[{"name":"Microsoft.NETCore.App","version":"10.0.0"},{"name":"Microsoft.AspNetCore.App","version":"10.0.0"}]}}
            """);
        File.WriteAllText(Path.Combine(publish, "Shop.deps.json"), """
            {"targets":{".NETCoreApp,Version=v10.0":{
              "Shop/1.0.0":{"runtime":{"Shop.dll":{}}},
              "Humanizer/2.14.1":{"runtime":{"lib/net6.0/Humanizer.dll":{}}},
              "SQLitePCLRaw/2.1.0":{"runtimeTargets":{"runtimes/linux-x64/native/libe_sqlite3.so":{"rid":"linux-x64","assetType":"native"}}}}},
             "libraries":{"Shop/1.0.0":{"type":"project"},"Humanizer/2.14.1":{"type":"package"},"SQLitePCLRaw/2.1.0":{"type":"package"}}}
            """);
        File.WriteAllText(Path.Combine(publish, "Humanizer.dll"), "");
        Directory.CreateDirectory(Path.Combine(publish, "runtimes", "linux-x64", "native"));
        File.WriteAllText(Path.Combine(publish, "runtimes", "linux-x64", "native", "libe_sqlite3.so"), "");
    }

    [TearDown]
    public void DeletePublishFolder() => Directory.Delete(publish, recursive: true);

    [Test]
    public void The_publish_folder_gives_the_entry_assembly_the_base_image_and_the_package_files()
    {
        var command = DeployCommand.Parse(["--publish-dir", publish, "--remote", "dokku@host:shop"], "/src/shop");

        Assert.That(command.Parameters["EntryAssembly"], Is.EqualTo("Shop.dll"));
        Assert.That(command.Parameters["BaseImage"], Is.EqualTo("mcr.microsoft.com/dotnet/aspnet:10.0"));
        Assert.That(((ITaskItem[])command.Parameters["DependencyFiles"]).Select(i => i.GetMetadata("RelativePath")),
            Is.EqualTo(new[] { "Humanizer.dll", "runtimes/linux-x64/native/libe_sqlite3.so" }));
        Assert.That(command.Parameters["ProjectDirectory"], Is.EqualTo(Path.GetFullPath("/src/shop")));
        Assert.That(command.Parameters["GeneratedDockerfile"], Is.EqualTo(Path.GetFullPath("/src/shop/obj/dokku/Dockerfile")));
        Assert.That(command.Parameters["Remote"], Is.EqualTo("dokku@host:shop"));
    }

    [Test]
    public void Config_comes_from_the_environment_only()
    {
        var command = DeployCommand.Parse(["--publish-dir", publish, "--config-from-env", "API_TOKEN", "--config-from-env=GREETING=SHOP_GREETING"], "/src/shop");

        var config = (ITaskItem[])command.Parameters["Config"];
        Assert.That(config.Select(i => $"{i.ItemSpec} <- {i.GetMetadata("FromEnvironment")}"), Is.EqualTo(new[] { "API_TOKEN <- API_TOKEN", "GREETING <- SHOP_GREETING" }));
        Assert.That(config.Select(i => i.GetMetadata("Value")), Is.All.Empty);
        Assert.That(() => DeployCommand.Parse(["--publish-dir", publish, "--config", "API_TOKEN=secret"], "/src/shop"),
            Throws.TypeOf<UsageException>().With.Message.Contains("Unknown option '--config'"));
    }

    [Test]
    public void Switches_and_an_explicit_base_image()
    {
        var command = DeployCommand.Parse(["--publish-dir", publish, "--no-create-app", "--accept-new-host-key", "--dry-run", "--base-image", "registry.local/aspnet:10.0"], "/src/shop");

        Assert.That(command.Parameters["CreateApp"], Is.False);
        Assert.That(command.Parameters["AcceptNewHostKey"], Is.True);
        Assert.That(command.Parameters["DryRun"], Is.True);
        Assert.That(command.Parameters["BaseImage"], Is.EqualTo("registry.local/aspnet:10.0"));
    }

    [Test]
    public void A_missing_publish_folder_and_a_missing_value_are_usage_errors()
    {
        Assert.That(() => DeployCommand.Parse(["--remote", "dokku@host:shop"], "/src/shop"), Throws.TypeOf<UsageException>().With.Message.Contains("--publish-dir"));
        Assert.That(() => DeployCommand.Parse(["--publish-dir", Path.Combine(publish, "nope")], "/src/shop"), Throws.TypeOf<UsageException>().With.Message.Contains("does not exist"));
        Assert.That(() => DeployCommand.Parse(["--publish-dir", publish, "--remote"], "/src/shop"), Throws.TypeOf<UsageException>().With.Message.Contains("--remote needs a value"));
    }

    [Test]
    public void A_console_app_gets_the_runtime_image()
    {
        File.WriteAllText(Path.Combine(publish, "Shop.runtimeconfig.json"), """{"runtimeOptions":{"framework":{"name":"Microsoft.NETCore.App","version":"8.0.11"}}}""");
        Assert.That(PublishedApp.Open(publish, null).DefaultBaseImage(), Is.EqualTo("mcr.microsoft.com/dotnet/runtime:8.0"));
    }
}
