using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Operate;

namespace DokkuDeploy.Tasks;

/// <summary>Shows the app's latest log lines. See build/DokkuDeploy.Operate.targets.</summary>
public sealed partial class DokkuLogs : DokkuTask, IOperateConnection
{
    protected override System.Threading.Tasks.Task ExecuteAsync(IDeployLog log, CancellationToken cancellationToken) =>
        new AppOperator(log, Environment).LogsAsync(this.ToRequest(), ParseLines(Lines), cancellationToken);

    static int ParseLines(string? value)
    {
        if (Blank(value) is not { } text)
        {
            return AppOperator.DefaultLogLines;
        }

        return int.TryParse(text, out var lines) && lines > 0 ? lines : throw DeployErrors.LogLinesInvalid(text);
    }
}
