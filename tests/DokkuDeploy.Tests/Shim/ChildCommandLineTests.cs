extern alias shim;

using System.Collections;
using ChildTaskProcess = shim::DokkuDeploy.Tasks.ChildTaskProcess;

namespace DokkuDeploy.Tests.Shim;

/// <summary>What the shim puts on the child's command line and into its environment: the task's name, and nothing of its parameters.</summary>
public sealed class ChildCommandLineTests
{
    [Test]
    public void The_command_line_names_the_CLI_and_the_task_only()
    {
        var start = ChildTaskProcess.StartInfo("/usr/share/dotnet/dotnet", "/home/me/.nuget/packages/dokkudeploy/1.0.0/tasks/net8.0/DokkuDeploy.Cli.dll", "DeployToDokku", "/src/app");

        Assert.That(start.FileName, Is.EqualTo("/usr/share/dotnet/dotnet"));
        Assert.That(start.Arguments, Is.EqualTo("/home/me/.nuget/packages/dokkudeploy/1.0.0/tasks/net8.0/DokkuDeploy.Cli.dll run-task DeployToDokku"));
        Assert.That(start.ArgumentList, Is.Empty);
        Assert.That(start.WorkingDirectory, Is.EqualTo("/src/app"));
        Assert.That(start.RedirectStandardInput, Is.True, "parameters go through stdin");
        Assert.That(start.RedirectStandardOutput && start.RedirectStandardError, Is.True);
        Assert.That(start.UseShellExecute, Is.False);
    }

    [Test]
    public void A_path_with_spaces_is_quoted()
    {
        var start = ChildTaskProcess.StartInfo(@"C:\Program Files\dotnet\dotnet.exe", @"C:\Users\Jane Doe\.nuget\packages\dokkudeploy\1.0.0\tasks\net8.0\DokkuDeploy.Cli.dll", "DokkuStatus", @"C:\src");
        Assert.That(start.Arguments, Is.EqualTo("\"C:\\Users\\Jane Doe\\.nuget\\packages\\dokkudeploy\\1.0.0\\tasks\\net8.0\\DokkuDeploy.Cli.dll\" run-task DokkuStatus"));
    }

    [Test]
    public void The_child_inherits_the_build_environment_unchanged_and_gets_nothing_added()
    {
        var start = ChildTaskProcess.StartInfo("dotnet", "DokkuDeploy.Cli.dll", "DeployToDokku", ".");
        var inherited = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value);
        Assert.That(start.Environment, Is.EquivalentTo(inherited));
    }
}
