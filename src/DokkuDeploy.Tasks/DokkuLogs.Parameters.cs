using Microsoft.Build.Framework;

namespace DokkuDeploy.Tasks;

/// <summary>
/// The task's parameters, and nothing else: this file is compiled into the .NET task and into the
/// .NET Framework shim that Visual Studio loads, so both declare exactly the same parameters.
/// </summary>
public sealed partial class DokkuLogs
{
    [Required] public string ProjectDirectory { get; set; } = "";

    public string? Remote { get; set; }

    public string? App { get; set; }

    public string? SshKey { get; set; }

    public string? KnownHosts { get; set; }

    public string? HostKeyFingerprint { get; set; }

    public bool AcceptNewHostKey { get; set; }

    /// <summary>How many of the latest lines to show (default 100).</summary>
    public string? Lines { get; set; }
}
