extern alias shim;

using DokkuDeploy.Tests.Tasks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using ShimDeployToDokku = shim::DokkuDeploy.Tasks.DeployToDokku;

namespace DokkuDeploy.Tests.Shim;

/// <summary>
/// The shim's execution path as Visual Studio runs it, from its net8.0 build: the real DokkuDeploy.Cli child
/// (built beside DokkuDeploy.Tasks.dll in this test's folder, as in the package) and, for what the real task
/// cannot show without a server, small shell-script children that speak the same protocol.
/// </summary>
[NonParallelizable]
public sealed class OutOfProcessTaskTests
{
    const string Canary = "canary-5e0b-do-not-log";
    string publish = "";

    [SetUp]
    public void CreatePublishFolder()
    {
        publish = Directory.CreateTempSubdirectory("dokkudeploy-shim-").FullName;
        File.WriteAllText(Path.Combine(publish, "App.dll"), "not really an assembly");
        File.WriteAllText(Path.Combine(publish, "appsettings.json"), "{}");
    }

    [TearDown]
    public void DeletePublishFolder() => Directory.Delete(publish, recursive: true);

    [Test]
    public void A_dry_run_in_the_real_CLI_relays_its_plan_and_outputs_and_config_values_stay_off_the_command_line()
    {
        var engine = new RecordingBuildEngine();
        var task = Task(engine);
        task.DryRun = true;
        task.Config = [Item("API_TOKEN", "Value", Canary)];

        Assert.That(task.Execute(), Is.True, engine.AllText);

        Assert.That(engine.Messages.Where(m => m.Importance == MessageImportance.High).Select(m => m.Message), Has.Some.StartsWith("Dry run"));
        Assert.That(engine.Messages.Select(m => m.Message), Has.Some.Contains("API_TOKEN"), "the plan names the key");
        var commandLine = engine.Messages.Single(m => m.Message!.StartsWith("Running DeployToDokku out of process: ", StringComparison.Ordinal)).Message;
        Assert.That(commandLine, Does.EndWith("DokkuDeploy.Cli.dll run-task DeployToDokku"));
        Assert.That(engine.AllText, Does.Not.Contain(Canary));
        Assert.That(task.ImageId, Is.Not.Null, "the [Output] came back from the child");
    }

    [Test]
    public void An_error_of_the_real_task_arrives_with_its_DOKKU_code_and_fails_the_task()
    {
        var engine = new RecordingBuildEngine();
        var task = Task(engine);
        task.ContainerPort = "99999";

        Assert.That(task.Execute(), Is.False);

        Assert.That(engine.Errors.Select(e => e.Code), Is.EqualTo(new[] { "DOKKU1106" }), engine.AllText);
        Assert.That(engine.Errors[0].Message, Does.Contain("99999"));
    }

    [Test]
    public void Warnings_and_outputs_of_every_kind_arrive_as_the_child_wrote_them()
    {
        var engine = new RecordingBuildEngine();
        var task = ScriptedTask(engine, """
            read -r parameters
            case "$parameters" in *'"Remote":"dokku@host:app"'*) ;; *) exit 9 ;; esac
            printf '@dokku\twarning\tDOKKU1107\t/docs/DOKKU1107.md\ttwo\\nlines\n'
            printf 'a stray line\n'
            printf '@dokku\toutput\tImageId\tsha256:0123\n'
            printf '@dokku\toutput\tAppUrl\thttp://app.example\n'
            """);

        Assert.That(task.Execute(), Is.True, engine.AllText);

        Assert.That(engine.Warnings.Single().Code, Is.EqualTo("DOKKU1107"));
        Assert.That(engine.Warnings.Single().HelpLink, Is.EqualTo("/docs/DOKKU1107.md"));
        Assert.That(engine.Warnings.Single().Message, Is.EqualTo("two\nlines"));
        Assert.That(engine.Messages.Single(m => m.Message == "a stray line").Importance, Is.EqualTo(MessageImportance.Low));
        Assert.That(task.ImageId, Is.EqualTo("sha256:0123"));
        Assert.That(task.AppUrl, Is.EqualTo("http://app.example"));
    }

    [Test]
    public void Cancel_asks_the_child_to_stop_through_stdin()
    {
        var engine = new RecordingBuildEngine();
        var task = ScriptedTask(engine, """
            read -r parameters
            read -r command
            printf '@dokku\terror\tDOKKU9001\t\tstopped on %s\n' "$command"
            exit 1
            """);

        task.Cancel();

        Assert.That(task.Execute(), Is.False);
        Assert.That(engine.Errors.Select(e => $"{e.Code}: {e.Message}"), Is.EqualTo(new[] { "DOKKU9001: stopped on cancel" }));
    }

    [Test]
    public void A_child_that_ignores_Cancel_is_killed_after_the_grace_period()
    {
        var engine = new RecordingBuildEngine();
        var task = ScriptedTask(engine, """
            read -r parameters
            exec sleep 3600
            """);
        task.CancelGracePeriod = TimeSpan.FromSeconds(1);
        task.Cancel();

        // The child would sleep for an hour: returning at all within the hang guard means it was killed.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(task.Execute(), Is.False);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromMinutes(5)));
        Assert.That(engine.Errors.Select(e => e.Code), Is.EqualTo(new[] { "DOKKU9001" }));
    }

    [Test]
    public void A_child_that_dies_without_a_record_is_DOKKU9004_with_its_stderr()
    {
        var engine = new RecordingBuildEngine();
        var task = ScriptedTask(engine, """
            echo 'You must install or update .NET to run this application.' >&2
            exit 150
            """);

        Assert.That(task.Execute(), Is.False);
        Assert.That(engine.Errors.Single().Code, Is.EqualTo("DOKKU9004"));
        Assert.That(engine.Errors.Single().Message, Does.Contain("exit code 150").And.Contain("You must install or update .NET"));
    }

    [Test]
    public void No_dotnet_is_DOKKU9002_and_a_missing_CLI_is_DOKKU9003()
    {
        var engine = new RecordingBuildEngine();
        var task = Task(engine);
        task.ReadEnvironment = _ => null;
        Assert.That(task.Execute(), Is.False);

        var second = new RecordingBuildEngine();
        var other = Task(second);
        other.CliAssembly = Path.Combine(publish, "missing", "DokkuDeploy.Cli.dll");
        Assert.That(other.Execute(), Is.False);

        Assert.That(engine.Errors.Select(e => e.Code), Is.EqualTo(new[] { "DOKKU9002" }));
        Assert.That(second.Errors.Select(e => e.Code), Is.EqualTo(new[] { "DOKKU9003" }));
        Assert.That(second.Errors[0].Message, Does.Contain("DokkuDeploy.Cli.dll"));
    }

    ShimDeployToDokku Task(IBuildEngine engine) => new()
    {
        BuildEngine = engine,
        CliAssembly = Path.Combine(TestContext.CurrentContext.TestDirectory, "DokkuDeploy.Cli.dll"),
        ProjectDirectory = publish,
        PublishDirectory = publish,
        EntryAssembly = "App.dll",
        GeneratedDockerfile = Path.Combine(publish, "obj", "Dockerfile"),
        BaseImage = "mcr.microsoft.com/dotnet/aspnet:8.0",
        Remote = "dokku@host:app",
    };

    /// <summary>The shim with /bin/sh as its `dotnet` and a script as its CLI: `sh SCRIPT run-task DeployToDokku`.</summary>
    ShimDeployToDokku ScriptedTask(IBuildEngine engine, string script)
    {
        Prerequisite.Require(File.Exists("/bin/sh"), "needs a POSIX shell at /bin/sh");
        var path = Path.Combine(publish, "child.sh");
        File.WriteAllText(path, script.ReplaceLineEndings("\n") + "\n");
        var task = Task(engine);
        task.CliAssembly = path;
        task.ReadEnvironment = name => name == "DOTNET_HOST_PATH" ? "/bin/sh" : null;
        return task;
    }

    static ITaskItem Item(string spec, string name, string value)
    {
        var item = new TaskItem(spec);
        item.SetMetadata(name, value);
        return item;
    }
}
