using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Operate;

namespace DokkuDeploy.Tasks;

/// <summary>Sets the app's changed DokkuConfig values and restarts it once. See build/DokkuDeploy.Operate.targets.</summary>
public sealed partial class DokkuConfigSync : DokkuTask, IOperateConnection
{
    protected override System.Threading.Tasks.Task ExecuteAsync(IDeployLog log, CancellationToken cancellationToken) =>
        new AppOperator(log, Environment).SyncConfigAsync(this.ToRequest(), ConfigItems.Read(Config, ProjectDirectory, UserSecretsId, Environment, log), cancellationToken);
}
