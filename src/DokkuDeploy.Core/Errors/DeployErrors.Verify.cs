namespace DokkuDeploy.Core.Errors;

public static partial class DeployErrors
{
    public static DeployException VerifyFailed(string url, string lastAnswer, int seconds, string app, string sshCommand) => new(
        "DOKKU6001",
        $"Dokku released the app, but {url} did not answer successfully within {seconds} s (last: {lastAnswer}). " +
        $"The app may still be starting, listen on another port, or be blocked by a firewall: check `{sshCommand} logs {app}` " +
        $"and `{sshCommand} ports:report {app}`, or turn the check off with DokkuVerifyUrl=false.");

    public static DeployException VerifyUrlInvalid(string value) => new(
        "DOKKU6002",
        $"DokkuVerifyUrl '{value}' is neither true/false, a path such as /health, nor an absolute http(s) URL. " +
        "Use true to check the URL Dokku reports, /health to check a path on it, or a full http(s) URL.");
}
