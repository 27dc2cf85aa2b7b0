namespace DokkuDeploy.Testing;

/// <summary>
/// Runs Dokku commands on the test bed's stand-in through the real OpenSSH client, as a user
/// would: strict host key checking against the bed's known_hosts, batch mode, `--` before the command.
/// </summary>
/// <param name="port">The sshd to use: the x64 server's by default, or the arm64 server's (<see cref="TestBedEnvironment.Arm64SshPort"/>).</param>
public sealed class StandInShell(TestBedEnvironment testBed, int? port = null)
{
    public TestBedEnvironment TestBed { get; } = testBed;

    public int Port => port ?? TestBed.SshPort;

    /// <summary>The ssh options, without host and command; also the body of GIT_SSH_COMMAND.</summary>
    public IReadOnlyList<string> SshOptions =>
    [
        "-i", TestBed.SshKeyPath,
        "-o", "IdentitiesOnly=yes",
        "-o", "UserKnownHostsFile=" + TestBed.KnownHostsPath,
        "-o", "StrictHostKeyChecking=yes",
        "-o", "BatchMode=yes",
        "-o", "ConnectTimeout=10",
        "-o", "LogLevel=ERROR",
    ];

    public string Destination => $"{TestBed.SshUser}@{TestBed.SshHost}";

    /// <summary>For git: `ssh OPTIONS` as one string (the paths hold no spaces on the test bed).</summary>
    public string GitSshCommand => "ssh " + string.Join(' ', SshOptions);

    /// <summary>A git remote URL for APP, as `git push` to Dokku uses it.</summary>
    public string GitRemoteUrl(string app) => $"ssh://{Destination}:{Port}/{app}";

    /// <summary>
    /// Runs COMMANDLINE as the one string the server receives (quote it as you would for Dokku).
    /// Stdin is closed unless given.
    /// </summary>
    public Task<ProcessResult> RunAsync(
        string commandLine,
        byte[]? standardInput = null,
        Stream? standardInputStream = null,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var arguments = new List<string>(SshOptions) { "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Destination, "--", commandLine };
        return ProcessRunner.RunAsync("ssh", arguments, new ProcessRunOptions
        {
            StandardInput = standardInput,
            StandardInputStream = standardInputStream,
            Timeout = timeout ?? TimeSpan.FromMinutes(2),
        }, cancellationToken);
    }
}
