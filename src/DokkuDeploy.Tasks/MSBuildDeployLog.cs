using DokkuDeploy.Core.Logging;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DokkuDeploy.Tasks;

/// <summary>Routes the core's log into MSBuild: steps at normal verbosity, detail at detailed (-v:d).</summary>
sealed class MSBuildDeployLog(TaskLoggingHelper log) : IDeployLog
{
    public void Step(string message) => log.LogMessage(MessageImportance.High, message);

    public void Detail(string message) => log.LogMessage(MessageImportance.Normal, "  " + message);

    public void Warning(string code, string message) =>
        log.LogWarning(subcategory: null, code, helpKeyword: null, file: null, 0, 0, 0, 0, message);
}
