using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Operate;

namespace DokkuDeploy.Tasks;

/// <summary>Summarises the app's processes, image, releases and URL. See build/DokkuDeploy.Operate.targets.</summary>
public sealed partial class DokkuStatus : DokkuTask, IOperateConnection
{
    protected override async System.Threading.Tasks.Task ExecuteAsync(IDeployLog log, CancellationToken cancellationToken)
    {
        var report = await new AppOperator(log, Environment).StatusAsync(this.ToRequest(), cancellationToken);
        State = report.State;
        Image = report.Image;
        AppUrl = report.Url;
    }
}
