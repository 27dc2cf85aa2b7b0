namespace DokkuDeploy.Core.Docker;

/// <summary>How long connecting waits for the engine's first answer, and after how long it says that it waits.</summary>
sealed record DockerConnectWait(TimeSpan Limit, TimeSpan NoticeAfter)
{
    // A socket-activated engine (rootless Podman) starts on the first request and can take seconds to answer,
    // longer on a loaded machine. A missing socket or a refused connection fails at once and never waits this long.
    public static DockerConnectWait Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2));

    /// <summary>The limit as the log and the error say it: "30 s".</summary>
    public string LimitText => $"{Limit.TotalSeconds:0.#} s";
}
