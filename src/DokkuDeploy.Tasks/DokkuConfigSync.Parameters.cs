using Microsoft.Build.Framework;

namespace DokkuDeploy.Tasks;

/// <summary>
/// The task's parameters, and nothing else: this file is compiled into the .NET task and into the
/// .NET Framework shim that Visual Studio loads, so both declare exactly the same parameters.
/// </summary>
public sealed partial class DokkuConfigSync
{
    [Required] public string ProjectDirectory { get; set; } = "";

    public string? Remote { get; set; }

    public string? App { get; set; }

    public string? SshKey { get; set; }

    public string? KnownHosts { get; set; }

    public string? HostKeyFingerprint { get; set; }

    public bool AcceptNewHostKey { get; set; }

    /// <summary>
    /// Items: Include = key; metadata Value (recorded in binary logs), or for secrets one of FromEnvironment = the
    /// variable, FromUserSecrets = the name in the project's user-secrets store, FromFile = the file.
    /// </summary>
    public ITaskItem[] Config { get; set; } = [];

    /// <summary>The project's UserSecretsId, for FromUserSecrets.</summary>
    public string? UserSecretsId { get; set; }
}
