namespace DokkuDeploy.Core.Errors;

public static partial class DeployErrors
{
    /// <summary>The code of <see cref="DeployLockRefused"/>, which a deploy catches to wait and release again.</summary>
    public const string DeployLockRefusedCode = "DOKKU5019";

    public static DeployException LockTimeoutInvalid(string value) => new(
        "DOKKU1126",
        $"DokkuLockTimeout '{value}' is not a time to wait. Give seconds (300), or a time span (00:05:00); 0 fails at once " +
        "when the app is locked. It bounds how long a deploy waits for another deploy, or an apps:lock, of the same app.");

    public static DeployException DeployLockTimedOut(string app, string server, string sshCommand, string holder, TimeSpan waited, bool deployRunning) => new(
        "DOKKU5018",
        $"App '{app}' on {server} was still locked after {Describe(waited)} (DokkuLockTimeout): {holder}. Nothing was changed on the server. " +
        (deployRunning
            ? $"Check that deploy with `{sshCommand} builds:list {app}`, let it finish and deploy again, or give DokkuLockTimeout more time."
            : $"No deploy is running, so the lock is an `apps:lock` (someone asked that the app not be deployed) or one left by a deploy " +
              $"that ended without releasing it. Remove it with `{sshCommand} apps:unlock {app}` when no one needs it, and deploy again."));

    public static DeployException DeployLockRefused(string app, string server, string dokkuMessage) => new(
        DeployLockRefusedCode,
        $"Dokku on {server} refused to deploy app '{app}' because another deploy of it held Dokku's deploy lock: {dokkuMessage}. " +
        $"Check when it has finished (`builds:list {app}` on the server shows running deploys), then run again.");

    public static DeployException DeployLockTimedOutAfterRefusal(
        string app, string server, string sshCommand, string image, string holder, TimeSpan waited) => new(
        "DOKKU5020",
        $"Dokku on {server} refused the deploy of app '{app}' because another deploy took its lock first, and the lock was still held after " +
        $"{Describe(waited)} (DokkuLockTimeout): {holder}. The app still runs its previous release, but the refused attempt left {image} on the " +
        $"server and Dokku's git source naming it, so deploying the same image again would find \"no changes\". Check that the other deploy has finished, then " +
        $"release it with `{sshCommand} ps:rebuild {app}` (or `{sshCommand} git:from-image --force {app} {image}`).");

    static string Describe(TimeSpan waited) =>
        waited < TimeSpan.FromSeconds(90) ? $"{Math.Round(waited.TotalSeconds)} s" : $"{Math.Round(waited.TotalMinutes, 1)} min";
}
