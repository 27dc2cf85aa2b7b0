extern alias shim;

using System.Reflection;
using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using ParameterJson = shim::DokkuDeploy.Tasks.Protocol.ParameterJson;
using ShimDeployToDokku = shim::DokkuDeploy.Tasks.DeployToDokku;
using ShimDokkuTask = shim::DokkuDeploy.Tasks.DokkuTask;

namespace DokkuDeploy.Tests.Shim;

/// <summary>The JSON line the .NET Framework shim writes on the child's stdin: what it holds, and that the CLI reads it back unchanged.</summary>
public sealed class ParameterJsonTests
{
    [Test]
    public void Strings_booleans_and_items_with_their_metadata_are_written_and_unset_strings_left_out()
    {
        var task = new ShimDeployToDokku
        {
            ProjectDirectory = "/src/app",
            PublishDirectory = "C:\\out\\publish\\",
            EntryAssembly = "App.dll",
            AcceptNewHostKey = true,
            CreateApp = false,
            Config = [Item("GREETING", ("Value", "hi \"there\"")), Item("API_TOKEN", ("FromEnvironment", "TOKEN_VAR"))],
        };

        using var json = JsonDocument.Parse(ParameterJson.Write(task));
        var root = json.RootElement;
        Assert.That(root.GetProperty("ProjectDirectory").GetString(), Is.EqualTo("/src/app"));
        Assert.That(root.GetProperty("PublishDirectory").GetString(), Is.EqualTo("C:\\out\\publish\\"));
        Assert.That(root.GetProperty("AcceptNewHostKey").GetBoolean(), Is.True);
        Assert.That(root.GetProperty("CreateApp").GetBoolean(), Is.False);
        Assert.That(root.TryGetProperty("Remote", out _), Is.False, "an unset string is left out");
        var config = root.GetProperty("Config").EnumerateArray().ToList();
        Assert.That(config.Select(c => c.GetProperty("ItemSpec").GetString()), Is.EqualTo(new[] { "GREETING", "API_TOKEN" }));
        Assert.That(config[0].GetProperty("Metadata").GetProperty("Value").GetString(), Is.EqualTo("hi \"there\""));
        Assert.That(config[1].GetProperty("Metadata").GetProperty("FromEnvironment").GetString(), Is.EqualTo("TOKEN_VAR"));
    }

    [Test]
    public void Outputs_are_not_sent_to_the_child()
    {
        var task = new ShimDeployToDokku { ImageId = "sha256:abc", AppUrl = "http://app" };
        using var json = JsonDocument.Parse(ParameterJson.Write(task));
        Assert.That(json.RootElement.TryGetProperty("ImageId", out _), Is.False);
        Assert.That(json.RootElement.TryGetProperty("AppUrl", out _), Is.False);
    }

    [Test]
    public void Text_outside_ASCII_and_control_characters_are_escaped_so_the_line_is_plain_ASCII_and_one_line()
    {
        var text = "Grüße\t\"€\"\n\\ 日本 \U0001F680";
        var task = new ShimDeployToDokku { ProjectDirectory = text, Config = [Item("K", ("Value", text))] };
        var line = ParameterJson.Write(task);
        Assert.That(line.All(c => c is >= ' ' and <= '~'), Is.True, line);

        using var json = JsonDocument.Parse(line);
        Assert.That(json.RootElement.GetProperty("ProjectDirectory").GetString(), Is.EqualTo(text));
        Assert.That(json.RootElement.GetProperty("Config")[0].GetProperty("Metadata").GetProperty("Value").GetString(), Is.EqualTo(text));
    }

    [Test]
    public void The_CLI_sets_exactly_these_values_on_the_net8_task()
    {
        var shimTask = new ShimDeployToDokku
        {
            ProjectDirectory = "/p",
            PublishDirectory = "/p/publish",
            EntryAssembly = "App.dll",
            GeneratedDockerfile = "/p/obj/Dockerfile",
            BaseImage = "mcr.microsoft.com/dotnet/aspnet:8.0",
            Remote = "dokku@host:app",
            DryRun = true,
            CreateApp = false,
            HelpBaseUrl = "https://example.invalid/errors",
            Config = [Item("GREETING", ("Value", "hi"))],
            DependencyFiles = [Item("/p/publish/Lib.dll", ("RelativePath", "Lib.dll"))],
        };

        var task = new DokkuDeploy.Tasks.DeployToDokku();
        DokkuDeploy.Cli.TaskParameters.SetFromJson(task, ParameterJson.Write(shimTask));

        Assert.That(task.PublishDirectory, Is.EqualTo("/p/publish"));
        Assert.That(task.Remote, Is.EqualTo("dokku@host:app"));
        Assert.That(task.DryRun, Is.True);
        Assert.That(task.CreateApp, Is.False);
        Assert.That(task.App, Is.Null);
        Assert.That(task.Config.Single().GetMetadata("Value"), Is.EqualTo("hi"));
        Assert.That(task.DependencyFiles.Single().GetMetadata("RelativePath"), Is.EqualTo("Lib.dll"));
        Assert.That(typeof(DokkuDeploy.Tasks.DeployToDokku).GetProperty("HelpBaseUrl")?.GetValue(task), Is.EqualTo("https://example.invalid/errors").Or.Null,
            "the base class parameter reaches the net8.0 task when it has one");
    }

    [Test]
    public void Every_task_of_the_shim_declares_the_same_parameters_as_its_net8_task_and_only_kinds_the_shim_can_pass()
    {
        var shimTasks = typeof(ShimDokkuTask).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ShimDokkuTask).IsAssignableFrom(t)).ToList();
        Assert.That(shimTasks.Select(t => t.Name), Does.Contain("DeployToDokku"));
        foreach (var shimTask in shimTasks)
        {
            var net8Task = typeof(DokkuDeploy.Tasks.DokkuTask).Assembly.GetType("DokkuDeploy.Tasks." + shimTask.Name);
            Assert.That(net8Task, Is.Not.Null, $"{shimTask.Name} exists in the shim only");
            Assert.That(Signature(ParameterJson.Parameters(shimTask)), Is.EqualTo(Signature(DokkuDeploy.Cli.TaskParameters.Of(net8Task!))), shimTask.Name);
            Assert.That(ParameterJson.Parameters(shimTask).Where(p => !ParameterJson.IsSupported(p.PropertyType)).Select(p => p.Name), Is.Empty, shimTask.Name);
        }
    }

    static IEnumerable<string> Signature(IEnumerable<PropertyInfo> parameters) =>
        parameters.Select(p => $"{p.Name}: {p.PropertyType.FullName}" +
            (p.GetCustomAttribute<RequiredAttribute>() is null ? "" : " [Required]") +
            (p.GetCustomAttribute<OutputAttribute>() is null ? "" : " [Output]"));

    static ITaskItem Item(string spec, params (string Name, string Value)[] metadata)
    {
        var item = new TaskItem(spec);
        foreach (var (name, value) in metadata)
        {
            item.SetMetadata(name, value);
        }

        return item;
    }
}
