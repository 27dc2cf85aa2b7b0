extern alias shim;

using DotNetHost = shim::DokkuDeploy.Tasks.DotNetHost;

namespace DokkuDeploy.Tests.Shim;

/// <summary>How the shim finds `dotnet`: DOTNET_HOST_PATH (the host itself or, as some setups have it, its folder), DOTNET_ROOT, then the PATH.</summary>
public sealed class DotNetHostTests
{
    string root = "";

    [SetUp]
    public void CreateFolders() => root = Directory.CreateTempSubdirectory("dokkudeploy-host-").FullName;

    [TearDown]
    public void DeleteFolders() => Directory.Delete(root, recursive: true);

    [Test]
    public void DOTNET_HOST_PATH_wins()
    {
        var host = Host("sdk-host");
        Host("root");
        Assert.That(DotNetHost.Find(Environment(("DOTNET_HOST_PATH", host), ("DOTNET_ROOT", Path.Combine(root, "root")))), Is.EqualTo(host));
    }

    [Test]
    public void DOTNET_HOST_PATH_naming_the_hosts_folder_is_accepted()
    {
        var host = Host("sdk-host");
        Assert.That(DotNetHost.Find(Environment(("DOTNET_HOST_PATH", Path.GetDirectoryName(host))))!, Is.EqualTo(host));
    }

    [Test]
    public void Then_DOTNET_ROOT_then_the_PATH()
    {
        var fromRoot = Host("root");
        var onPath = Host("path-b");
        var path = string.Join(Path.PathSeparator, Path.Combine(root, "path-a"), Path.Combine(root, "path-b"));
        Assert.That(DotNetHost.Find(Environment(("DOTNET_HOST_PATH", Path.Combine(root, "missing", "dotnet")), ("DOTNET_ROOT", Path.GetDirectoryName(fromRoot)), ("PATH", path))), Is.EqualTo(fromRoot));
        Assert.That(DotNetHost.Find(Environment(("PATH", path))), Is.EqualTo(onPath));
    }

    [Test]
    public void None_is_null()
    {
        Assert.That(DotNetHost.Find(Environment(("PATH", Path.Combine(root, "empty")))), Is.Null);
    }

    string Host(string folder)
    {
        var path = Path.Combine(root, folder, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return path;
    }

    static Func<string, string?> Environment(params (string Name, string? Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
