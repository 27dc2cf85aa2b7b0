using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Tasks;

/// <summary>
/// Fails with <see cref="DeployErrors.OperateRemoteAmbiguous"/>. build/DokkuDeploy.Operate.targets runs it only when
/// several DokkuRemote items and no DokkuRemote property leave the app to act on open.
/// </summary>
public sealed partial class DokkuSeveralRemotes : DokkuTask
{
    protected override System.Threading.Tasks.Task ExecuteAsync(IDeployLog log, CancellationToken cancellationToken) =>
        System.Threading.Tasks.Task.FromException(DeployErrors.OperateRemoteAmbiguous(Remotes));
}
