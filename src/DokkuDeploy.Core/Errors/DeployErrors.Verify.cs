namespace DokkuDeploy.Core.Errors;

public static partial class DeployErrors
{
    /// <param name="asked">What was asked, as <see cref="Deploy.UrlCheckTarget.Describe"/> says it.</param>
    public static DeployException VerifyFailed(string asked, string lastAnswer, int seconds, string app, string sshCommand) => new(
        "DOKKU6001",
        $"Dokku released the app, but {asked} did not answer successfully within {seconds} s (last: {lastAnswer}). " +
        $"The app may still be starting, listen on another port, or be blocked by a firewall: check `{sshCommand} logs {app}` " +
        $"and `{sshCommand} ports:report {app}`, or turn the check off with DokkuVerifyUrl=false.");

    /// <summary>DokkuVerifyUrl is a path, and Dokku reported no URL to put it on.</summary>
    public const string AppUrlUnknownWarning = "DOKKU6003";

    public static string AppUrlUnknown() =>
        "Dokku reported no URL for the app, so DokkuVerifyUrl had nothing to check. Give it an absolute URL.";

    public static DeployException VerifyUrlInvalid(string value) => new(
        "DOKKU6002",
        $"DokkuVerifyUrl '{value}' is neither true/false, a path such as /health, nor an absolute http(s) URL. " +
        "Use true to check the URL Dokku reports, /health to check a path on it, or a full http(s) URL.");

    public static DeployException VerifyAnsweredByAnotherService(string asked, string answer, string reportedHost, string app, string sshCommand) => new(
        "DOKKU6005",
        $"Dokku released the app, but the URL check cannot reach it: it asked {asked} and another service answered, {answer}, " +
        "which is neither Dokku's proxy nor an ASP.NET app. " +
        $"Make {reportedHost} resolve on this machine (DNS, or a line in /etc/hosts), set DokkuVerifyUrl to a URL that reaches the app, " +
        $"or turn the check off with DokkuVerifyUrl=false; `{sshCommand} ports:report {app}` and `{sshCommand} domains:report {app}` show where Dokku serves it.");
}
