namespace DokkuDeploy.Core.Operate;

/// <summary>What a rollback did: the image the app ran before (when known), the release it runs now, its URLs.</summary>
public sealed record RollbackReport(string App, string? From, Release To, bool AlreadyRunning, IReadOnlyList<string> Urls)
{
    public string? Url => Urls.Count > 0 ? Urls[0] : null;
}
