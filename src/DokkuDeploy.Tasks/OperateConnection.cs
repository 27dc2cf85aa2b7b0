using DokkuDeploy.Core.Operate;

namespace DokkuDeploy.Tasks;

/// <summary>
/// The connection parameters every operate task declares (each in its own X.Parameters.cs, which the
/// .NET Framework shim compiles too), read one way into an <see cref="OperateRequest"/>.
/// </summary>
interface IOperateConnection
{
    string ProjectDirectory { get; }
    string? Remote { get; }
    string? App { get; }
    string? SshKey { get; }
    string? KnownHosts { get; }
    string? HostKeyFingerprint { get; }
    bool AcceptNewHostKey { get; }
}

static class OperateConnection
{
    public static OperateRequest ToRequest(this IOperateConnection task) => new()
    {
        ProjectDirectory = task.ProjectDirectory,
        Remote = Setting(task.Remote),
        App = Setting(task.App),
        SshKeyFile = Setting(task.SshKey),
        KnownHostsFiles = Setting(task.KnownHosts)?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
        HostKeyFingerprint = Setting(task.HostKeyFingerprint),
        AcceptNewHostKey = task.AcceptNewHostKey,
    };

    static string? Setting(string? value) => DokkuDeploy.Core.Deploy.Setting.OrNull(value);
}
