namespace DokkuDeploy.Core.Errors;

/// <summary>
/// A failure the user can act on. Every instance carries a DOKKUnnnn code and a message that says
/// what happened, why, and what to do. Made only by <see cref="DeployErrors"/>, so codes stay in one place.
/// </summary>
public sealed class DeployException : Exception
{
    internal DeployException(string code, string message, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
    }

    public string Code { get; }

    /// <summary>
    /// Dokku's load failed on a layer file the stream left out: the server lacks layers a thin transfer
    /// counted on, so sending the full image may succeed. Decided where Dokku's answer was read.
    /// </summary>
    public bool LayersMissing { get; init; }
}
