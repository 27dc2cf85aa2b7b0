using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// A copy of samples/HelloDokku in a temp folder, set up as a user's repository would be: its own git
/// repository, a nuget.config with the freshly packed feed, a private NUGET_PACKAGES.
/// </summary>
public sealed class SampleWorkspace : IDisposable
{
    SampleWorkspace(string root, string packages)
    {
        Root = root;
        Packages = packages;
    }

    public string Root { get; }

    public string Project => Path.Combine(Root, "HelloDokku");

    public string Packages { get; }

    public static async Task<SampleWorkspace> CreateAsync()
    {
        var (feed, version) = await PackedPackage.GetAsync();
        var root = Directory.CreateTempSubdirectory("dokkudeploy-sample-").FullName;
        CopyDirectory(Path.Combine(RepositoryRoot.Path, "samples", "HelloDokku"), Path.Combine(root, "HelloDokku"));
        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), $"""
            <Project>
              <PropertyGroup><DokkuDeployVersion>{version}</DokkuDeployVersion></PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(root, ".gitignore"), "bin/\nobj/\n*.binlog\n");
        var workspace = new SampleWorkspace(root, Path.Combine(Path.GetTempPath(), "dokkudeploy-e2e-packages"));
        await workspace.GitAsync("init", "-q", "-b", "main");
        await workspace.CommitAllAsync("The sample as it is in the repository");
        return workspace;
    }

    public async Task CommitAllAsync(string message)
    {
        await GitAsync("add", "-A");
        await GitAsync("-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", message);
    }

    public void ReplaceInProgram(string oldText, string newText)
    {
        var path = Path.Combine(Project, "Program.cs");
        var text = File.ReadAllText(path);
        Assert.That(text, Does.Contain(oldText));
        File.WriteAllText(path, text.Replace(oldText, newText));
    }

    /// <summary>Runs dotnet with a binary log; the log is kept as a test attachment when the run fails.</summary>
    public async Task<ProcessResult> DotnetAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? binlog = null)
    {
        binlog ??= Path.Combine(Root, $"run-{Guid.NewGuid():N}.binlog");
        var env = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = Packages,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            env[key] = value;
        }

        var result = await ProcessRunner.RunAsync("dotnet", [.. arguments, $"-bl:{binlog}"], new ProcessRunOptions
        {
            WorkingDirectory = Root,
            Environment = env,
            Timeout = TimeSpan.FromMinutes(5),
        });
        if (result.ExitCode != 0 && File.Exists(binlog))
        {
            var kept = Path.Combine(TestContext.CurrentContext.WorkDirectory, "binlogs", $"{TestContext.CurrentContext.Test.Name}-{Path.GetFileName(binlog)}");
            Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
            File.Copy(binlog, kept, overwrite: true);
            TestContext.AddTestAttachment(kept, "binary log of the failed run");
        }

        return result;
    }

    public Task<ProcessResult> GitAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("git", arguments, new ProcessRunOptions { WorkingDirectory = Root });

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj")
            {
                continue;
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
