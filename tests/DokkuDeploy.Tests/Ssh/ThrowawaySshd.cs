using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DokkuDeploy.Tests.Ssh;

/// <summary>
/// A real OpenSSH server on a random 127.0.0.1 port with its own host key and authorized_keys, for the
/// current user. Started as a child process (-D) and killed by its pid on dispose.
/// </summary>
internal sealed class ThrowawaySshd : IDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _dir;

    private ThrowawaySshd(TempDirectory dir, Process process, int port, string user, string clientKey)
    {
        _dir = dir;
        _process = process;
        Port = port;
        User = user;
        ClientKey = clientKey;
        (HostKeyType, HostKeyBlob) = TestKeys.ReadPublic(dir.File("ssh_host_ed25519_key.pub"));
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public string User { get; }

    /// <summary>A private key the server accepts.</summary>
    public string ClientKey { get; }

    public string HostKeyType { get; }

    public byte[] HostKeyBlob { get; }

    public string Directory => _dir.Path;

    public string LogPath => _dir.File("sshd.log");

    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "";

    public static ThrowawaySshd Start()
    {
        var sshd = OpenSsh.RequireSshd();
        var dir = new TempDirectory();
        TestKeys.Generate(dir.Path, "ssh_host_ed25519_key");
        var clientKey = TestKeys.Generate(dir.Path, "client_key");
        File.Copy(clientKey + ".pub", dir.File("authorized_keys"));
        try
        {
            System.IO.Directory.CreateDirectory("/run/sshd"); // sshd's privilege separation directory
        }
        catch (UnauthorizedAccessException)
        {
            // Not root: sshd itself says what is missing if it needs it.
        }

        var port = FreePort();
        var user = Environment.UserName;
        File.WriteAllText(dir.File("sshd_config"), string.Join('\n',
            $"Port {port}",
            "ListenAddress 127.0.0.1",
            $"HostKey {dir.File("ssh_host_ed25519_key")}",
            $"PidFile {dir.File("sshd.pid")}",
            $"AuthorizedKeysFile {dir.File("authorized_keys")}",
            "UsePAM no",
            "StrictModes no",
            "PermitRootLogin yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "LogLevel VERBOSE",
            ""));

        var info = new ProcessStartInfo(sshd) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-D", "-f", dir.File("sshd_config"), "-E", dir.File("sshd.log") })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        var server = new ThrowawaySshd(dir, process, port, user, clientKey);
        server.WaitUntilListening();
        return server;
    }

    /// <summary>Allows another public key to log in.</summary>
    public void Authorize(string publicKeyPath) =>
        File.AppendAllText(_dir.File("authorized_keys"), File.ReadAllText(publicKeyPath));

    /// <summary>Allows a key that may only run <paramref name="forcedCommand"/>, the way Dokku's authorized_keys lines look.</summary>
    public void AuthorizeWithForcedCommand(string publicKeyPath, string forcedCommand) =>
        File.AppendAllText(_dir.File("authorized_keys"),
            $"command=\"{forcedCommand}\",no-agent-forwarding,no-user-rc,no-X11-forwarding,no-port-forwarding {File.ReadAllText(publicKeyPath)}");

    public string KnownHostsLine() =>
        $"[{Host}]:{Port} {HostKeyType} {Convert.ToBase64String(HostKeyBlob)}";

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        finally
        {
            _process.Dispose();
            _dir.Dispose();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"sshd exited with {_process.ExitCode}: {_process.StandardError.ReadToEnd()} {Log}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new TimeoutException($"sshd did not listen on {Port}: {Log}");
    }
}
