using System.Collections;
using Microsoft.Build.Framework;

namespace DokkuDeploy.Cli;

/// <summary>The build engine for a person at a terminal: steps on stdout, detail with --verbose, warnings and errors on stderr with their codes.</summary>
sealed class ConsoleBuildEngine(TextWriter output, TextWriter errors, bool verbose) : IBuildEngine
{
    readonly object gate = new();

    public bool HasLoggedErrors { get; private set; }

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode => "";

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;

    public void LogCustomEvent(CustomBuildEventArgs e)
    {
    }

    public void LogMessageEvent(BuildMessageEventArgs e)
    {
        if (e.Importance == MessageImportance.High || verbose)
        {
            Write(output, e.Message);
        }
    }

    public void LogWarningEvent(BuildWarningEventArgs e) => Write(errors, $"warning {e.Code}: {e.Message}");

    public void LogErrorEvent(BuildErrorEventArgs e)
    {
        HasLoggedErrors = true;
        Write(errors, string.IsNullOrEmpty(e.Code) ? $"error: {e.Message}" : $"error {e.Code}: {e.Message}");
    }

    void Write(TextWriter writer, string? line)
    {
        lock (gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
