using System.Net.Sockets;
using NUnit.Framework;

namespace DokkuDeploy.Testing;

/// <summary>
/// The test bed that <c>tests/testbed/up.sh</c> brings up (two private dockerds: the developer's and
/// the Dokku server's; a registry; sshd whose <c>dokku</c> account runs the Dokku stand-in on the
/// server's engine), read from its <c>testbed.env</c>.
/// </summary>
public sealed class TestBedEnvironment
{
    public const string EnvFileVariable = "DOKKU_TESTBED_ENV";
    public const string DefaultEnvFile = "/var/lib/dokkudeploy-testbed/testbed.env";
    const string UpCommand = "bash tests/testbed/up.sh";

    TestBedEnvironment(string envFile, IReadOnlyDictionary<string, string> values)
    {
        EnvFile = envFile;
        Values = values;
    }

    public string EnvFile { get; }
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>The developer's engine: DokkuDeploy and tests build images here.</summary>
    public string DockerHost => Get("DOCKER_HOST");

    /// <summary>The Dokku server's own engine: the stand-in loads, pulls, builds and runs there.</summary>
    public string ServerDockerHost => Get("DOKKU_TESTBED_SERVER_DOCKER_HOST");
    public string Root => Get("DOKKU_TESTBED_ROOT");
    public string DockerCli => Get("DOKKU_TESTBED_DOCKER_CLI");
    public string SshHost => Get("DOKKU_TESTBED_SSH_HOST");
    public int SshPort => int.Parse(Get("DOKKU_TESTBED_SSH_PORT"), System.Globalization.CultureInfo.InvariantCulture);
    public string SshUser => Get("DOKKU_TESTBED_SSH_USER");
    public string SshKeyPath => Get("DOKKU_TESTBED_SSH_KEY");
    public string KnownHostsPath => Get("DOKKU_TESTBED_KNOWN_HOSTS");
    public string HostKeyFingerprint => Get("DOKKU_TESTBED_HOST_KEY_FINGERPRINT");
    public string AspNetImage => Get("DOKKU_TESTBED_ASPNET_IMAGE");
    public string RuntimeImage => Get("DOKKU_TESTBED_RUNTIME_IMAGE");
    public string BusyboxImage => Get("DOKKU_TESTBED_BUSYBOX_IMAGE");
    public string Network => Get("DOKKU_TESTBED_NETWORK");
    public string Registry => Get("DOKKU_TESTBED_REGISTRY");
    public string State => Get("DOKKU_TESTBED_STATE");

    /// <summary>The arm64 server (tests/testbed/lib/arm64.sh): its sshd's port, on the same host and keys.</summary>
    public int Arm64SshPort => int.Parse(Get("DOKKU_TESTBED_ARM64_SSH_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The arm64 server's engine, which runs arm64 images under QEMU.</summary>
    public string Arm64DockerHost => Get("DOKKU_TESTBED_ARM64_DOCKER_HOST");

    /// <summary>The arm64 server's stand-in state (its apps, its process list).</summary>
    public string Arm64State => Get("DOKKU_TESTBED_ARM64_STATE");

    /// <summary>The offline linux/arm64 ASP.NET image in the developer's engine.</summary>
    public string AspNetArm64Image => Get("DOKKU_TESTBED_ASPNET_ARM64_IMAGE");

    /// <summary>Environment for a docker CLI on the arm64 server's engine.</summary>
    public IReadOnlyDictionary<string, string?> Arm64DockerEnvironment => EnvironmentFor(Arm64DockerHost);

    /// <summary>The developer's engine's socket path, from a <c>unix://</c> DOCKER_HOST.</summary>
    public string DockerSocketPath => SocketPath(DockerHost);

    /// <summary>The server engine's socket path.</summary>
    public string ServerDockerSocketPath => SocketPath(ServerDockerHost);

    /// <summary>Environment for a docker CLI or other client: DOCKER_HOST pointing at the developer's engine.</summary>
    public IReadOnlyDictionary<string, string?> DockerEnvironment => EnvironmentFor(DockerHost);

    /// <summary>Environment for a docker CLI on the server's engine.</summary>
    public IReadOnlyDictionary<string, string?> ServerDockerEnvironment => EnvironmentFor(ServerDockerHost);

    static IReadOnlyDictionary<string, string?> EnvironmentFor(string dockerHost) =>
        new Dictionary<string, string?> { ["DOCKER_HOST"] = dockerHost, ["DOCKER_BUILDKIT"] = "0" };

    static string SocketPath(string dockerHost) =>
        dockerHost.StartsWith("unix://", StringComparison.Ordinal) ? dockerHost["unix://".Length..] : dockerHost;

    public string Get(string key) =>
        Values.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new InvalidOperationException($"{EnvFile} has no {key}; re-run `{UpCommand}`.");

    /// <summary>
    /// The running test bed, or the test stops (<see cref="Prerequisite"/>: failed under CI=true,
    /// ignored otherwise, so a developer without Docker can still run the rest).
    /// </summary>
    public static TestBedEnvironment Require()
    {
        var (environment, problem) = TryLoad();
        if (environment is not null)
            return environment;

        Prerequisite.Missing($"The DokkuDeploy test bed is not available: {problem} Run `{UpCommand}` (as root) first.");
        return null!; // unreachable: Missing throws
    }

    public static (TestBedEnvironment? Environment, string Problem) TryLoad()
    {
        var envFile = System.Environment.GetEnvironmentVariable(EnvFileVariable);
        if (string.IsNullOrEmpty(envFile))
            envFile = DefaultEnvFile;
        if (!File.Exists(envFile))
            return (null, $"{envFile} does not exist.");

        var environment = new TestBedEnvironment(envFile, Parse(File.ReadAllLines(envFile)));
        string socket, serverSocket, host;
        int port;
        try
        {
            socket = environment.DockerSocketPath;
            serverSocket = environment.ServerDockerSocketPath;
            host = environment.SshHost;
            port = environment.SshPort;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            return (null, e.Message);
        }

        if (!File.Exists(socket))
            return (null, $"the Docker socket {socket} does not exist (dockerd is not running).");
        if (!File.Exists(serverSocket))
            return (null, $"the server engine's Docker socket {serverSocket} does not exist (its dockerd is not running).");
        if (!AcceptsTcp(host, port))
            return (null, $"nothing accepts TCP connections on {host}:{port} (sshd is not running).");
        return (environment, "");
    }

    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> lines)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (line.Length == 0 || line[0] == '#')
                continue;
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                continue;
            values[line[..equals].Trim()] = line[(equals + 1)..];
        }
        return values;
    }

    static bool AcceptsTcp(string host, int port)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(host, port).Wait(TimeSpan.FromSeconds(3)) && client.Connected;
        }
        catch (Exception e) when (e is SocketException or AggregateException)
        {
            return false;
        }
    }
}
