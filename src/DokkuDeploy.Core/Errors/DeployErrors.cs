namespace DokkuDeploy.Core.Errors;

/// <summary>
/// Every coded error DokkuDeploy raises, as factory methods. The class is split by range, one file each:
/// DOKKU1xxx configuration and input (DeployErrors.Input.cs), DOKKU2xxx Dockerfile and build context
/// (DeployErrors.Context.cs), DOKKU3xxx Docker engine (DeployErrors.Docker.cs), DOKKU4xxx SSH and host
/// keys (DeployErrors.Ssh.cs), DOKKU5xxx the Dokku server (DeployErrors.Dokku.cs), DOKKU6xxx checks
/// after the deploy (DeployErrors.Verify.cs). A unit test proves the codes unique.
/// </summary>
public static partial class DeployErrors
{
}
