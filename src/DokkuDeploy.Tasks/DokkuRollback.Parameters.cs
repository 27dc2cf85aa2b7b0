using Microsoft.Build.Framework;

namespace DokkuDeploy.Tasks;

/// <summary>
/// The task's parameters, and nothing else: this file is compiled into the .NET task and into the
/// .NET Framework shim that Visual Studio loads, so both declare exactly the same parameters.
/// </summary>
public sealed partial class DokkuRollback
{
    [Required] public string ProjectDirectory { get; set; } = "";

    public string? Remote { get; set; }

    public string? App { get; set; }

    public string? SshKey { get; set; }

    public string? KnownHosts { get; set; }

    public string? HostKeyFingerprint { get; set; }

    public bool AcceptNewHostKey { get; set; }

    /// <summary>A recorded release's tag or image reference; empty for the release before the current one.</summary>
    public string? RollbackTo { get; set; }

    [Output] public string? Image { get; set; }

    [Output] public string? AppUrl { get; set; }
}
