using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Operate;

namespace DokkuDeploy.Tasks;

/// <summary>Redeploys an earlier release's image, by default the previous one. See build/DokkuDeploy.Operate.targets.</summary>
public sealed partial class DokkuRollback : DokkuTask, IOperateConnection
{
    protected override async System.Threading.Tasks.Task ExecuteAsync(IDeployLog log, CancellationToken cancellationToken)
    {
        var report = await new AppOperator(log, Environment).RollBackAsync(this.ToRequest(), Blank(RollbackTo), cancellationToken);
        Image = report.To.Image;
        AppUrl = report.Url;
    }
}
