namespace DokkuDeploy.Core.Dokku;

/// <summary>How a deploy ended when it did not fail.</summary>
public enum DeployOutcome
{
    /// <summary>Dokku released and started the new image.</summary>
    Deployed,

    /// <summary>Dokku already runs this exact image: nothing to do, not an error.</summary>
    NoChanges,
}

/// <summary>The outcome of an image deploy and the URLs Dokku reported for the app (empty for NoChanges).</summary>
public sealed record DeployResult(DeployOutcome Outcome, IReadOnlyList<string> Urls)
{
    public static DeployResult Deployed(IReadOnlyList<string> urls) => new(DeployOutcome.Deployed, urls);

    public static DeployResult NoChanges() => new(DeployOutcome.NoChanges, Array.Empty<string>());
}
