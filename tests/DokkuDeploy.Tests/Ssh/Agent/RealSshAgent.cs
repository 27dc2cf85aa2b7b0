using System.Diagnostics;
using System.Net.Sockets;

namespace DokkuDeploy.Tests.Ssh.Agent;

/// <summary>
/// A real OpenSSH ssh-agent on its own socket in a temp directory (run in the foreground with -D, so it is
/// our child and is killed by its pid), filled with the real ssh-add.
/// </summary>
internal sealed class RealSshAgent : IDisposable
{
    private readonly TempDirectory _dir;
    private readonly Process _process;

    private RealSshAgent(TempDirectory dir, Process process, string socketPath)
    {
        _dir = dir;
        _process = process;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    public static RealSshAgent Start()
    {
        var agent = OpenSsh.SshAgent;
        var dir = new TempDirectory();
        var socket = dir.File("agent.sock");
        var info = new ProcessStartInfo(agent) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-D");
        info.ArgumentList.Add("-a");
        info.ArgumentList.Add(socket);
        var process = Process.Start(info)!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!File.Exists(socket))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"ssh-agent did not start: {process.StandardError.ReadToEnd()}");
            }

            Thread.Sleep(20);
        }

        return new RealSshAgent(dir, process, socket);
    }

    /// <summary><c>ssh-add KEY</c>; an encrypted key gets its passphrase through SSH_ASKPASS, as a desktop would give it.</summary>
    public void Add(string privateKeyPath, string? passphrase = null)
    {
        var info = new ProcessStartInfo(OpenSsh.SshAdd) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(privateKeyPath);
        info.Environment["SSH_AUTH_SOCK"] = SocketPath;
        if (passphrase is not null)
        {
            var askpass = _dir.File($"askpass-{Guid.NewGuid():N}.sh");
            File.WriteAllText(askpass, "#!/bin/sh\nprintf '%s\\n' \"$TEST_PASSPHRASE\"\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(askpass, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            }
            info.Environment["SSH_ASKPASS"] = askpass;
            info.Environment["SSH_ASKPASS_REQUIRE"] = "force";
            info.Environment["DISPLAY"] = ":0";
            info.Environment["TEST_PASSPHRASE"] = passphrase;
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit(30_000);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ssh-add {privateKeyPath} exited {process.ExitCode}: {stderr.Result}");
        }
    }

    /// <summary>What <c>ssh-add -L</c> lists: the public keys' blobs, in the agent's order.</summary>
    public IReadOnlyList<byte[]> ListWithSshAdd()
    {
        var info = new ProcessStartInfo(OpenSsh.SshAdd) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-L");
        info.Environment["SSH_AUTH_SOCK"] = SocketPath;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit(30_000);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith("The agent has no", StringComparison.Ordinal))
            .Select(line => Convert.FromBase64String(line.Split(' ')[1]))
            .ToList();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        finally
        {
            _process.Dispose();
            _dir.Dispose();
        }
    }
}
