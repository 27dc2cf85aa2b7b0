using System.Collections;
using DokkuDeploy.Tasks.Protocol;
using Microsoft.Build.Framework;

namespace DokkuDeploy.Cli;

/// <summary>The build engine of `run-task`: every event becomes a <see cref="TaskProtocol"/> line for the .NET Framework shim.</summary>
sealed class ProtocolBuildEngine(TextWriter protocol) : IBuildEngine
{
    readonly object gate = new();

    public bool HasLoggedErrors { get; private set; }

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode => "";

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;

    public void LogCustomEvent(CustomBuildEventArgs e) => Write(TaskProtocol.Message, "low", e.Message);

    public void LogMessageEvent(BuildMessageEventArgs e) =>
        Write(TaskProtocol.Message, e.Importance switch { MessageImportance.High => "high", MessageImportance.Low => "low", _ => "normal" }, e.Message);

    public void LogWarningEvent(BuildWarningEventArgs e) => Write(TaskProtocol.Warning, e.Code, e.HelpLink, e.Message);

    public void LogErrorEvent(BuildErrorEventArgs e)
    {
        HasLoggedErrors = true;
        Write(TaskProtocol.Error, e.Code, e.HelpLink, e.Message);
    }

    public void Output(string name, string value) => Write(TaskProtocol.Output, name, value);

    // The core logs from several threads at once (one per Dokku server): one whole line at a time.
    void Write(string kind, params string?[] fields)
    {
        var line = TaskProtocol.Format(kind, fields);
        lock (gate)
        {
            protocol.WriteLine(line);
            protocol.Flush();
        }
    }
}
