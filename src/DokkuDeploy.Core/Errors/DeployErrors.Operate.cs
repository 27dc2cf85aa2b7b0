namespace DokkuDeploy.Core.Errors;

/// <summary>DOKKU80xx: operating a deployed app (rollback, logs, status, config sync).</summary>
public static partial class DeployErrors
{
    public static DeployException RollbackNoHistory(string app, string server) => new(
        "DOKKU8001",
        $"App '{app}' on {server} has no release history, so there is nothing to roll back to. " +
        "DokkuDeploy records each release it makes in the app's DOKKUDEPLOY_RELEASES config value; this app was deployed before " +
        "DokkuDeploy recorded releases, or only by other means. Deploy the version you want (check out its commit and run " +
        "`dotnet publish -t:DokkuDeploy`); from then on rollbacks work.");

    public static DeployException RollbackNoPreviousRelease(string app, string server, string current) => new(
        "DOKKU8002",
        $"App '{app}' on {server} has only one recorded release ({current}), so there is no previous one to roll back to. " +
        "Either this is the first release DokkuDeploy made, or earlier deploys reused the same image tag (a fixed DokkuImageTag, " +
        "or a project outside git, whose tag is always 'latest'), which cannot be told apart. Deploy the version you want instead.");

    public static DeployException RollbackTargetUnknown(string app, string server, string target, string known) => new(
        "DOKKU8003",
        $"DokkuRollbackTo='{target}' names no release of app '{app}' on {server}. Recorded releases, newest first: {known}. " +
        "Give one of these tags or image references (`dotnet build -t:DokkuStatus` lists them), or leave DokkuRollbackTo empty " +
        "to go back to the previous release.");

    public static DeployException RollbackImageGone(string app, string server, string image, string dokkuMessage) => new(
        "DOKKU8004",
        $"The image {image} of the release to roll back to is no longer on {server}, and the server could not pull it: {dokkuMessage}. " +
        "An image sent with git:load-image lives only in the server's Docker engine, and an image cleanup there removed it. " +
        $"App '{app}' keeps running its current release. Deploy that version again from its commit instead " +
        "(`git checkout <commit>` then `dotnet publish -t:DokkuDeploy`), or pick an older release with DokkuRollbackTo.");

    public static DeployException AppNotDeployed(string app, string server, string what) => new(
        "DOKKU8005",
        $"App '{app}' exists on {server} but has never been deployed, so it has no {what}. " +
        "Deploy it first with `dotnet publish -t:DokkuDeploy`.");

    public static DeployException LogLinesInvalid(string value) => new(
        "DOKKU8006",
        $"DokkuLogLines='{value}' is not a number of lines. Set it to a whole number from 1 up (default 100), " +
        "e.g. -p:DokkuLogLines=500.");

    /// <summary>A warning: the history is read as empty, and the next release starts it again.</summary>
    public static DeployException ReleaseHistoryUnreadable(string app) => new(
        "DOKKU8007",
        $"The release history of app '{app}' (its DOKKUDEPLOY_RELEASES config value) is not one DokkuDeploy wrote, so it is ignored: " +
        "a rollback cannot use it, and the next release starts a new history. Leave that config value to DokkuDeploy.");

    /// <summary>A warning: the release happened, only the history misses it.</summary>
    public static DeployException ReleaseNotRecorded(string app, string image, string reason) => new(
        "DOKKU8008",
        $"App '{app}' runs {image}, but recording the release in its history failed ({reason}). " +
        "The deploy itself succeeded; a later DokkuRollback will not know this release. Check the server's config:set works, " +
        "then the next deploy records again.");

    /// <summary>Raised by the operate targets (through the DokkuSeveralRemotes task) before any task runs.</summary>
    public static DeployException OperateRemoteAmbiguous(IReadOnlyList<string> remotes) => new(
        "DOKKU8009",
        $"The project names several servers (DokkuRemote items: {string.Join(", ", remotes)}), and DokkuRollback, DokkuLogs, DokkuStatus and DokkuConfigSync " +
        "act on one app at a time. Name the one to act on, e.g. `-p:DokkuRemote=dokku@host:app` with one of those, and run the target once per server.");
}
