using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DokkuDeploy.Tasks;

/// <summary>
/// The one place where the core's typed errors become coded MSBuild errors, and where Ctrl+C reaches
/// the core as cancellation. A user mistake is reported without a stack trace; anything unexpected
/// keeps its stack trace, because that is a bug for us to fix. Every coded message ends with the link to
/// its help page (see <see cref="HelpPages"/>): the core knows only the code.
/// </summary>
public abstract class DokkuTask : Microsoft.Build.Utilities.Task, ICancelableTask
{
    readonly CancellationTokenSource cancellation = new();

    /// <summary>
    /// DokkuHelpBaseUrl: the folder or web address of the DOKKUnnnn.md help pages, used when the package's own
    /// copy (docs/errors/ in the package) is missing.
    /// </summary>
    public string? HelpBaseUrl { get; set; }

    public void Cancel() => cancellation.Cancel();

    public sealed override bool Execute()
    {
        var log = new MSBuildDeployLog(Log, HelpPages.BesideTaskAssembly(HelpBaseUrl));
        try
        {
            ExecuteAsync(log, cancellation.Token).GetAwaiter().GetResult();
        }
        catch (DeployException e) when (!cancellation.IsCancellationRequested)
        {
            log.Error(e.Code, e.Message);
        }
        catch (Exception) when (cancellation.IsCancellationRequested)
        {
            // Whatever broke after Ctrl+C (a stream cut mid-read, a closed connection) broke because of it.
            log.Error(DeployErrors.TaskCancelledCode, DeployErrors.TaskCancelled());
        }

        return !Log.HasLoggedErrors;
    }

    protected abstract System.Threading.Tasks.Task ExecuteAsync(IDeployLog log, CancellationToken cancellationToken);

    protected static string? Blank(string? value) => DokkuDeploy.Core.Deploy.Setting.OrNull(value);

    protected static Func<string, string?> Environment => System.Environment.GetEnvironmentVariable;
}
