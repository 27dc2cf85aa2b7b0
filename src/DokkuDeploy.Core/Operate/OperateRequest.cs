namespace DokkuDeploy.Core.Operate;

/// <summary>Where the app is and how to reach it: the deploy's own settings, so that operating an app finds the same server and app.</summary>
public sealed record OperateRequest
{
    /// <summary>The project's directory: where the git remote 'dokku' is looked up.</summary>
    public required string ProjectDirectory { get; init; }

    /// <summary>dokku@host:app or ssh://dokku@host:port/app; else the git remote 'dokku'; else the environment.</summary>
    public string? Remote { get; init; }

    /// <summary>Overrides the app of the remote.</summary>
    public string? App { get; init; }

    public string? SshKeyFile { get; init; }

    public IReadOnlyList<string> KnownHostsFiles { get; init; } = Array.Empty<string>();

    public string? HostKeyFingerprint { get; init; }

    public bool AcceptNewHostKey { get; init; }
}
