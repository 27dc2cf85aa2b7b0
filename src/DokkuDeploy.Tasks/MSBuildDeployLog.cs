using DokkuDeploy.Core.Logging;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DokkuDeploy.Tasks;

/// <summary>
/// Routes the core's log into MSBuild: steps at normal verbosity, detail at detailed (-v:d), and coded
/// errors and warnings with the link to their help page (as the event's help link and at the message's end).
/// </summary>
sealed class MSBuildDeployLog(TaskLoggingHelper log, HelpPages help) : IDeployLog
{
    public void Step(string message) => log.LogMessage(MessageImportance.High, message);

    public void Detail(string message) => log.LogMessage(MessageImportance.Normal, "  " + message);

    public void Warning(string code, string message)
    {
        var link = help.LinkFor(code);
        log.LogWarning(subcategory: null, code, helpKeyword: null, helpLink: link, file: null, 0, 0, 0, 0, HelpPages.WithLink(message, link));
    }

    public void Error(string code, string message)
    {
        var link = help.LinkFor(code);
        log.LogError(subcategory: null, code, helpKeyword: null, helpLink: link, file: null, 0, 0, 0, 0, HelpPages.WithLink(message, link));
    }
}
