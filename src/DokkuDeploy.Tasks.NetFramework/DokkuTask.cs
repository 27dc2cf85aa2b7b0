using System.Reflection;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Tasks.Protocol;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DokkuDeploy.Tasks;

/// <summary>
/// The base of every task in the .NET Framework shim. It runs the task of the same name from the net8.0 task
/// assembly in a child process (`dotnet tasks/net8.0/DokkuDeploy.Cli.dll run-task NAME`), relays its log with
/// the DOKKU codes, and reads its [Output] values back, so Visual Studio runs the very code `dotnet build` runs.
/// </summary>
public abstract partial class DokkuTask : Microsoft.Build.Utilities.Task, ICancelableTask
{
    readonly object gate = new();
    ChildTaskProcess? running;
    bool cancelled;

    /// <summary>Mirrors the net8.0 DokkuTask's parameter of the same name.</summary>
    public string? HelpBaseUrl { get; set; }

    /// <summary>The CLI beside the net8.0 tasks of the same package: tasks/net472/ → tasks/net8.0/.</summary>
    internal string CliAssembly { get; set; } =
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(DokkuTask).Assembly.Location)!, "..", "net8.0", "DokkuDeploy.Cli.dll"));

    internal Func<string, string?> ReadEnvironment { get; set; } = Environment.GetEnvironmentVariable;

    /// <summary>How long a cancelled child may take to stop on its own before it is killed.</summary>
    internal TimeSpan CancelGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    public void Cancel()
    {
        lock (gate)
        {
            cancelled = true;
            running?.RequestCancel();
        }
    }

    public sealed override bool Execute()
    {
        var taskName = GetType().Name;
        if (DotNetHost.Find(ReadEnvironment) is not { } dotnet)
        {
            LogCoded(DeployErrors.DotNetHostMissingCode, DeployErrors.DotNetHostMissing(taskName));
            return false;
        }

        if (!File.Exists(CliAssembly))
        {
            LogCoded(DeployErrors.TaskCliMissingCode, DeployErrors.TaskCliMissing(taskName, CliAssembly));
            return false;
        }

        var startInfo = ChildTaskProcess.StartInfo(dotnet, CliAssembly, taskName, Directory.GetCurrentDirectory());
        Log.LogMessage(MessageImportance.Low, $"Running {taskName} out of process: {startInfo.FileName} {startInfo.Arguments}");
        var outputs = new OutputValues(GetType());
        using (var child = ChildTaskProcess.Start(startInfo, ParameterJson.Write(this), CancelGracePeriod))
        {
            lock (gate)
            {
                running = child;
                if (cancelled)
                {
                    child.RequestCancel();
                }
            }

            foreach (var line in child.ReadLines())
            {
                Relay(line, outputs);
            }

            var exitCode = child.WaitForExit();
            lock (gate)
            {
                running = null;
            }

            outputs.SetOn(this);
            if (exitCode != 0 && !Log.HasLoggedErrors && cancelled)
            {
                LogCoded(DeployErrors.TaskCancelledCode, DeployErrors.TaskProcessEnded(taskName, CancelGracePeriod.TotalSeconds));
            }
            else if (exitCode != 0 && !Log.HasLoggedErrors)
            {
                LogCoded(DeployErrors.TaskProcessFailedCode, DeployErrors.TaskProcessFailed(taskName, $"{startInfo.FileName} {startInfo.Arguments}", exitCode, child.StandardErrorTail));
            }

            return exitCode == 0 && !Log.HasLoggedErrors;
        }
    }

    void Relay(string line, OutputValues outputs)
    {
        if (TaskProtocol.Parse(line) is not { Length: > 0 } record)
        {
            Log.LogMessage(MessageImportance.Low, line);
            return;
        }

        string Field(int index) => index < record.Length ? record[index] : "";
        switch (record[0])
        {
            case TaskProtocol.Message:
                Log.LogMessage(Importance(Field(1)), Field(2));
                break;
            case TaskProtocol.Warning:
                Log.LogWarning(subcategory: null, warningCode: Blank(Field(1)), helpKeyword: null, helpLink: Blank(Field(2)), file: null, 0, 0, 0, 0, Field(3));
                break;
            case TaskProtocol.Error:
                Log.LogError(subcategory: null, errorCode: Blank(Field(1)), helpKeyword: null, helpLink: Blank(Field(2)), file: null, 0, 0, 0, 0, Field(3));
                break;
            case TaskProtocol.Output:
                outputs.Add(Field(1), Field(2));
                break;
            default:
                Log.LogMessage(MessageImportance.Low, line);
                break;
        }
    }

    void LogCoded(string code, string message)
    {
        var link = HelpPages.BesideTaskAssembly(HelpBaseUrl).LinkFor(code);
        Log.LogError(subcategory: null, code, helpKeyword: null, helpLink: link, file: null, 0, 0, 0, 0, HelpPages.WithLink(message, link));
    }

    static MessageImportance Importance(string name) => name switch
    {
        "high" => MessageImportance.High,
        "low" => MessageImportance.Low,
        _ => MessageImportance.Normal,
    };

    static string? Blank(string value) => value.Length == 0 ? null : value;

    /// <summary>The [Output] values the child reported, set on the task once it has finished.</summary>
    sealed class OutputValues(Type taskType)
    {
        readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);

        public void Add(string name, string value)
        {
            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = new List<string>();
            }

            list.Add(value);
        }

        public void SetOn(object task)
        {
            foreach (var pair in values)
            {
                var property = taskType.GetProperty(pair.Key, BindingFlags.Public | BindingFlags.Instance);
                if (property?.GetCustomAttribute<OutputAttribute>() is null)
                {
                    continue;
                }

                object? value = property.PropertyType switch
                {
                    var t when t == typeof(string) => pair.Value.LastOrDefault(),
                    var t when t == typeof(bool) => string.Equals(pair.Value.LastOrDefault(), "true", StringComparison.OrdinalIgnoreCase),
                    var t when t == typeof(int) => int.Parse(pair.Value.LastOrDefault() ?? "0", System.Globalization.CultureInfo.InvariantCulture),
                    var t when t == typeof(string[]) => pair.Value.ToArray(),
                    var t when t == typeof(ITaskItem) => new TaskItem(pair.Value.LastOrDefault() ?? ""),
                    var t when t == typeof(ITaskItem[]) => pair.Value.Select(v => (ITaskItem)new TaskItem(v)).ToArray(),
                    _ => null,
                };
                if (value is not null)
                {
                    property.SetValue(task, value);
                }
            }
        }
    }
}
