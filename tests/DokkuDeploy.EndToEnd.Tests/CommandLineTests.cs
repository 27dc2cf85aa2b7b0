using System.Reflection;
using System.Runtime.Loader;
using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// The package's other two ways in, against the test bed: the CLI in tasks/net8.0/ (what a person runs, and what
/// Visual Studio runs), and the .NET Framework shim in tasks/net472/ itself, loaded here from the restored package
/// and driven as MSBuild drives a task, so that its child process is the real CLI deploying for real.
/// </summary>
public sealed class CommandLineTests : SampleAppTest
{
    const string Canary = "canary-c1i-3b7e-do-not-log";

    [Test]
    public async Task The_CLI_from_the_package_deploys_the_published_sample_and_the_app_answers()
    {
        var cli = await PublishAsync();
        var environment = DeployRun.Environment(testBed, workspace.Root);
        environment["E2E_CLI_TOKEN"] = Canary;
        using var watch = new CommandLineWatch(Canary);

        var result = await RunCliAsync(cli, environment,
            "deploy", "--publish-dir", PublishDirectory, "--project-dir", "HelloDokku",
            "--remote", Remote, "--ssh-key", testBed.SshKeyPath, "--known-hosts", testBed.KnownHostsPath,
            "--base-image", testBed.AspNetImage, "--config-from-env", "API_TOKEN=E2E_CLI_TOKEN");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(watch.Stop(), Is.Empty, "command lines of the processes running during the deploy");
        Assert.That(result.StandardOutput + result.StandardError, Does.Not.Contain(Canary));
        Assert.That(result.StandardOutput, Does.Contain($"Creating app '{app}'"));
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(result)), Is.EqualTo("Hello from HelloDokku!"));
    }

    [Test]
    public async Task An_error_of_the_CLI_carries_its_DOKKU_code_and_exit_code_1()
    {
        var cli = await PublishAsync();
        var emptyKnownHosts = Path.Combine(workspace.Root, "known_hosts");
        File.WriteAllText(emptyKnownHosts, "");

        var result = await RunCliAsync(cli, DeployRun.Environment(testBed, workspace.Root),
            "deploy", "--publish-dir", PublishDirectory, "--project-dir", "HelloDokku",
            "--remote", Remote, "--ssh-key", testBed.SshKeyPath, "--known-hosts", emptyKnownHosts,
            "--base-image", testBed.AspNetImage);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.StandardError, Does.Match(@"error DOKKU40\d\d: "), "an unknown host key is refused with its code");
        Assert.That(result.StandardError, Does.Not.Contain("   at "), "a user's mistake has no stack trace");
    }

    [Test]
    public async Task The_CLI_explains_itself_and_refuses_an_unknown_option_with_exit_code_1()
    {
        var cli = await PublishAsync();
        var help = await RunCliAsync(cli, new Dictionary<string, string?>(), "--help");
        Assert.That(help.ExitCode, Is.Zero, help.ToString());
        Assert.That(help.StandardOutput, Does.Contain("deploy --publish-dir DIR").And.Contain("run-task TASK"));

        var wrong = await RunCliAsync(cli, new Dictionary<string, string?>(), "deploy", "--publish-dir", PublishDirectory, "--config", "KEY=secret");
        Assert.That(wrong.ExitCode, Is.EqualTo(1), wrong.ToString());
        Assert.That(wrong.StandardError, Does.Contain("Unknown option '--config'"));
    }

    [Test]
    public async Task The_net472_shim_from_the_package_runs_the_deploy_in_the_CLI_and_relays_its_log_and_outputs()
    {
        await PublishAsync();
        var (_, version) = await PackedPackage.GetAsync();
        var tasks = Path.Combine(workspace.Packages, "dokkudeploy", version, "tasks");
        var host = new ShimHost(tasks);
        var variables = new Dictionary<string, string?>(DeployRun.Environment(testBed, workspace.Root)) { ["E2E_SHIM_TOKEN"] = Canary };
        using var watch = new CommandLineWatch(Canary);

        var (succeeded, log, outputs) = await host.RunAsync("DeployToDokku", variables, new Dictionary<string, object>
        {
            ["ProjectDirectory"] = workspace.Project,
            ["PublishDirectory"] = PublishDirectory,
            ["EntryAssembly"] = "HelloDokku.dll",
            ["GeneratedDockerfile"] = Path.Combine(workspace.Project, "obj", "dokku", "Dockerfile"),
            ["BaseImage"] = testBed.AspNetImage,
            ["Remote"] = Remote,
            ["SshKey"] = testBed.SshKeyPath,
            ["KnownHosts"] = testBed.KnownHostsPath,
            ["Config"] = new[] { ("GREETING", "FromEnvironment", "E2E_SHIM_TOKEN") },
        });

        Assert.That(succeeded, Is.True, string.Join("\n", log));
        Assert.That(log, Has.Some.StartsWith("message: Running DeployToDokku out of process: ").And.Some.Contains($"Creating app '{app}'"));
        Assert.That(watch.Stop(), Is.Empty, "command lines of the processes running during the deploy");
        Assert.That(outputs["ImageId"], Does.StartWith("sha256:"));
        Assert.That(await DeployRun.GetAsync((string)outputs["AppUrl"]!), Is.EqualTo("Hello from HelloDokku! " + Canary), "the config value went through the child's environment");
    }

    string PublishDirectory => Path.Combine(workspace.Project, "bin", "cli-publish");

    string Remote => $"ssh://{testBed.SshUser}@{testBed.SshHost}:{testBed.SshPort}/{app}";

    /// <summary>Publishes the sample (which restores the packed package) and returns the package's CLI.</summary>
    async Task<string> PublishAsync()
    {
        var publish = await workspace.DotnetAsync(["publish", "HelloDokku", "-c", "Release", "-o", PublishDirectory, "-nologo"]);
        Assert.That(publish.ExitCode, Is.Zero, publish.ToString());
        var (_, version) = await PackedPackage.GetAsync();
        var cli = Path.Combine(workspace.Packages, "dokkudeploy", version, "tasks", "net8.0", "DokkuDeploy.Cli.dll");
        Assert.That(File.Exists(cli), cli);
        return cli;
    }

    Task<ProcessResult> RunCliAsync(string cli, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [cli, .. arguments], new ProcessRunOptions
        {
            WorkingDirectory = workspace.Root,
            Environment = environment,
            Timeout = TimeSpan.FromMinutes(5),
        });

    /// <summary>
    /// A stand-in for Visual Studio's MSBuild: loads tasks/net472/ with MSBuild's assemblies from tasks/net8.0/,
    /// gives the task a build engine that writes down what it is told, sets parameters by reflection, runs it.
    /// This project does not reference MSBuild, so everything goes through reflection and a DispatchProxy.
    /// </summary>
    sealed class ShimHost(string tasksDirectory)
    {
        public async Task<(bool Succeeded, IReadOnlyList<string> Log, IReadOnlyDictionary<string, object?> Outputs)> RunAsync(
            string taskName, IReadOnlyDictionary<string, string?> environment, IReadOnlyDictionary<string, object> parameters)
        {
            var context = new MSBuildFromPackage(Path.Combine(tasksDirectory, "net8.0"));
            var shim = context.LoadFromAssemblyPath(Path.Combine(tasksDirectory, "net472", "DokkuDeploy.Tasks.NetFramework.dll"));
            var framework = context.LoadFromAssemblyName(new AssemblyName("Microsoft.Build.Framework"));
            var utilities = context.LoadFromAssemblyName(new AssemblyName("Microsoft.Build.Utilities.Core"));
            var engine = DispatchProxy.Create(framework.GetType("Microsoft.Build.Framework.IBuildEngine", throwOnError: true)!, typeof(RecordingEngine));
            var task = Activator.CreateInstance(shim.GetType("DokkuDeploy.Tasks." + taskName, throwOnError: true)!)!;
            Set(task, "BuildEngine", engine);
            foreach (var (name, value) in parameters)
            {
                Set(task, name, value is ValueTuple<string, string, string>[] items ? Items(utilities, framework, items) : value);
            }

            // The child inherits the build's environment, as it does under Visual Studio.
            var saved = environment.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
            bool succeeded;
            try
            {
                foreach (var (name, value) in environment)
                {
                    Environment.SetEnvironmentVariable(name, value);
                }

                succeeded = await Task.Run(() => (bool)task.GetType().GetMethod("Execute")!.Invoke(task, null)!);
            }
            finally
            {
                foreach (var (name, value) in saved)
                {
                    Environment.SetEnvironmentVariable(name, value);
                }
            }

            var outputs = task.GetType().GetProperties()
                .Where(p => p.GetCustomAttributes().Any(a => a.GetType().Name == "OutputAttribute"))
                .ToDictionary(p => p.Name, p => p.GetValue(task));
            return (succeeded, ((RecordingEngine)engine).Log, outputs);
        }

        static void Set(object task, string name, object? value) => task.GetType().GetProperty(name)!.SetValue(task, value);

        static Array Items(Assembly utilities, Assembly framework, (string Spec, string Metadata, string Value)[] items)
        {
            var itemType = framework.GetType("Microsoft.Build.Framework.ITaskItem", throwOnError: true)!;
            var array = Array.CreateInstance(itemType, items.Length);
            for (var i = 0; i < items.Length; i++)
            {
                var item = Activator.CreateInstance(utilities.GetType("Microsoft.Build.Utilities.TaskItem", throwOnError: true)!, items[i].Spec)!;
                item.GetType().GetMethod("SetMetadata")!.Invoke(item, [items[i].Metadata, items[i].Value]);
                array.SetValue(item, i);
            }

            return array;
        }
    }

    /// <summary>MSBuild's assemblies (and what they need) come from the package's tasks/net8.0/; in Visual Studio they are MSBuild's own.</summary>
    sealed class MSBuildFromPackage(string directory) : AssemblyLoadContext("shim-under-test")
    {
        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = Path.Combine(directory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }

    /// <summary>An IBuildEngine made at run time: every event becomes "kind: [code] message".</summary>
    public class RecordingEngine : DispatchProxy
    {
        public List<string> Log { get; } = new();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var name = targetMethod!.Name;
            if (name.StartsWith("Log", StringComparison.Ordinal) && args is [{ } e])
            {
                var code = e.GetType().GetProperty("Code")?.GetValue(e) as string;
                var message = e.GetType().GetProperty("Message")?.GetValue(e) as string;
                var kind = name switch { "LogErrorEvent" => "error", "LogWarningEvent" => "warning", _ => "message" };
                lock (Log)
                {
                    Log.Add(code is null ? $"{kind}: {message}" : $"{kind} {code}: {message}");
                }

                return null;
            }

            var type = targetMethod.ReturnType;
            return type == typeof(string) ? "" : type.IsValueType && type != typeof(void) ? Activator.CreateInstance(type) : null;
        }
    }
}
