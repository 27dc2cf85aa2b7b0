namespace DokkuDeploy.Core.Operate;

/// <summary>An app's state: Dokku's process report, the image it was deployed from, the recorded releases, its URLs.</summary>
public sealed record AppStatusReport(
    string App, ProcessReport Processes, string? Image, IReadOnlyList<Release> Releases, IReadOnlyList<string> Urls)
{
    /// <summary>running, stopped, or not deployed: one word for a summary or a script.</summary>
    public string State => !Processes.Deployed ? "not deployed" : Processes.Running ? "running" : "stopped";

    /// <summary>The recorded release of the running image, when DokkuDeploy released it.</summary>
    public Release? CurrentRelease => Releases.FirstOrDefault(r => r.Image == Image);

    public string? Url => Urls.Count > 0 ? Urls[0] : null;
}
