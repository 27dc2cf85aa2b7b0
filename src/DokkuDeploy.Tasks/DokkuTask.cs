using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DokkuDeploy.Tasks;

/// <summary>
/// The one place where the core's typed errors become coded MSBuild errors, and where Ctrl+C reaches
/// the core as cancellation. A user mistake is reported without a stack trace; anything unexpected
/// keeps its stack trace, because that is a bug for us to fix.
/// </summary>
public abstract class DokkuTask : Microsoft.Build.Utilities.Task, ICancelableTask
{
    readonly CancellationTokenSource cancellation = new();

    public void Cancel() => cancellation.Cancel();

    public sealed override bool Execute()
    {
        try
        {
            ExecuteAsync(new MSBuildDeployLog(Log), cancellation.Token).GetAwaiter().GetResult();
        }
        catch (DeployException e)
        {
            Log.LogError(subcategory: null, e.Code, helpKeyword: null, file: null, 0, 0, 0, 0, e.Message);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Log.LogError(subcategory: null, "DOKKU9001", helpKeyword: null, file: null, 0, 0, 0, 0,
                "The deploy was cancelled. If it stopped before Dokku had the whole image, the running app keeps its previous release; " +
                "if Dokku already had it, Dokku may finish the release on its own. `ssh dokku@HOST ps:report APP` shows which release runs.");
        }

        return !Log.HasLoggedErrors;
    }

    protected abstract System.Threading.Tasks.Task ExecuteAsync(IDeployLog log, CancellationToken cancellationToken);

    protected static string? Blank(string? value) => DokkuDeploy.Core.Deploy.Setting.OrNull(value);

    protected static Func<string, string?> Environment => System.Environment.GetEnvironmentVariable;
}
