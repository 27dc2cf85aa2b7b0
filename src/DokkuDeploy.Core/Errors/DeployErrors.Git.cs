namespace DokkuDeploy.Core.Errors;

public static partial class DeployErrors
{
    // DOKKU71xx: the `git` deploy method (git push, Dokku builds on the server).

    public static DeployException GitRepositoryMissing(string directory) => new(
        "DOKKU7101",
        $"DokkuDeployMethod=git pushes a commit, but {directory} is not inside a git repository. " +
        "Run `git init` and commit the app, or deploy with the default method (DokkuDeployMethod=image), which needs no git.");

    public static DeployException GitNoCommit(string directory) => new(
        "DOKKU7102",
        $"DokkuDeployMethod=git pushes the current commit, but the repository of {directory} has no commit yet (HEAD is unborn). " +
        "Commit the app (`git add -A && git commit -m \"first deploy\"`), then deploy again.");

    public static DeployException GitTreeDirty(string directory, string shortSha) => new(
        "DOKKU7103",
        $"The repository of {directory} has uncommitted changes, and DokkuDeployMethod=git deploys only what is committed ({shortSha}): " +
        "Dokku would build without those changes. Commit them (or stash them) and deploy again, " +
        "or set DokkuAllowDirty=true to deploy the last commit anyway.");

    /// <summary>DokkuAllowDirty=true: the last commit is pushed without the uncommitted changes.</summary>
    public const string GitTreeDirtyPushedWarning = "DOKKU7104";

    public static string GitTreeDirtyPushed(string shortSha) =>
        $"The working tree has uncommitted changes; DokkuAllowDirty=true, so commit {shortSha} is pushed WITHOUT them. " +
        "Commit the changes to deploy them.";

    public static DeployException GitPushRejected(string app, string server, string reference, string reason, string dokkuMessage) => new(
        "DOKKU7105",
        $"Dokku on {server} refused the push of '{app}' ({reference}: {reason}), so the app was not released and any previous release keeps running. " +
        $"Dokku said: {dokkuMessage}. Read the build output above for the step that failed (often a Dockerfile step), fix it, commit, and deploy again.");

    public static DeployException GitPushFailed(string app, string server, string reason, Exception? inner = null) => new(
        "DOKKU7106",
        $"The git push of '{app}' to {server} failed: {reason}. " +
        "Check that the server runs Dokku (the push runs `git-receive-pack` there), that the app name is valid, and that the SSH user may push; then deploy again.",
        inner);

    public static DeployException GitUnavailable(string reason, Exception? inner = null) => new(
        "DOKKU7107",
        $"DokkuDeployMethod=git needs libgit2, which could not be loaded here ({reason}). " +
        "Deploy with the default method (DokkuDeployMethod=image), or run the deploy on a platform LibGit2Sharp supports (Linux, macOS or Windows on x64/arm64).",
        inner);
}
