namespace DokkuDeploy.Core.Deploy;

/// <summary>What a deploy did, for the host to report and return.</summary>
public sealed record DeployReport(string App, string Remote, string ImageReference, string ImageId, bool AlreadyDeployed, IReadOnlyList<string> Urls)
{
    public string? Url => Urls.Count > 0 ? Urls[0] : null;
}
