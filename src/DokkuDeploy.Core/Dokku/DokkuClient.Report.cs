using DokkuDeploy.Core.Docker;

namespace DokkuDeploy.Core.Dokku;

public sealed partial class DokkuClient
{
    /// <summary>
    /// The platform the server's Docker engine runs, from <c>dokku report</c> (every Dokku has it; its vitals include
    /// <c>uname -a</c> and <c>docker system info</c>). Its many lines are not logged, and its exit code is not trusted:
    /// the report goes on to run a herokuish container, which can fail after the part read here was printed.
    /// Null when the report names no architecture (a server that refuses the command, say).
    /// </summary>
    public async Task<DockerPlatform?> ServerPlatformAsync(CancellationToken cancellationToken)
    {
        var command = new DokkuCommand("report");
        _log.Detail($"{_remote.SshCommand} {command.ToDisplay()} (for the server's architecture; its output is not shown)");
        var output = await QuietAsync(command, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode == ExitSshFailure)
        {
            throw Errors.DeployErrors.DokkuSshFailed(command.ToDisplay(), _remote.Server, _remote.SshCommand);
        }

        return DokkuReport.Platform(output.Stdout);
    }
}
