namespace DokkuDeploy.Core.Errors;

/// <summary>
/// Every coded error DokkuDeploy raises, as factory methods. The class is split by range, one file each:
/// DOKKU1xxx configuration and input (DeployErrors.Input.cs), DOKKU2xxx Dockerfile and build context
/// (DeployErrors.Context.cs), DOKKU3xxx Docker engine (DeployErrors.Docker.cs), DOKKU4xxx SSH and host
/// keys (DeployErrors.Ssh.cs), DOKKU5xxx the Dokku server (DeployErrors.Dokku.cs), DOKKU6xxx checks
/// after the deploy (DeployErrors.Verify.cs), DOKKU7xxx the registry and git methods, DOKKU8xxx operating
/// an app, DOKKU9xxx the task layer (DeployErrors.Tasks.cs, compiled into the .NET Framework shim too).
/// A warning is a code constant (XxxWarning) beside the method that writes its text; a code that a caller
/// tests is a constant (XxxCode) its factory uses. Each code is written once, here: unit tests fail on a
/// DOKKUnnnn anywhere else in src/ or build/, and on a code given twice.
/// </summary>
public static partial class DeployErrors
{
}
