using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Testing;
using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>
/// DokkuDeploy's Docker client against the test bed's client engine, reached the ways a developer's machine
/// reaches one: over TLS (tcp://127.0.0.1:2376, --tlsverify, the test bed's own CA), through docker contexts
/// that the real docker CLI created, plain and with TLS.
/// </summary>
public sealed class DockerEndpointTests
{
    readonly TestBedEnvironment testBed = TestBedEnvironment.Require();
    string scratch = null!;

    [SetUp]
    public void SetUp()
    {
        scratch = Path.Combine(testBed.Root, "tmp", "endpoint-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(scratch);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(scratch, recursive: true);

    string TlsHost => testBed.Get("DOKKU_TESTBED_DOCKER_TLS_HOST");
    string CertPath => testBed.Get("DOKKU_TESTBED_DOCKER_CERT_PATH");
    string DockerConfig => Path.Combine(scratch, "docker-config");

    /// <summary>The user's environment as DokkuDeploy reads it: only what the test sets, with its own docker config folder.</summary>
    Func<string, string?> Environment(params (string Name, string Value)[] variables)
    {
        var values = variables.ToDictionary(v => v.Name, v => v.Value);
        values.TryAdd("DOCKER_CONFIG", DockerConfig);
        values.TryAdd("HOME", scratch);
        return name => values.GetValueOrDefault(name);
    }

    Func<string, string?> TlsEnvironment(string certPath) =>
        Environment(("DOCKER_HOST", TlsHost), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", certPath));

    static async Task<(DockerEngine Engine, LinesLog Log)> ConnectAsync(Func<string, string?> environment)
    {
        var log = new LinesLog();
        var engine = await DockerEngine.ConnectAsync(DockerEndpoint.Resolve(environment), log, CancellationToken.None);
        return (engine, log);
    }

    [Test]
    public async Task Over_TLS_it_builds_and_inspects_an_image()
    {
        var (engine, log) = await ConnectAsync(TlsEnvironment(CertPath));
        using var _ = engine;
        var tag = $"dokkudeploy-test/endpoint-tls:{Guid.NewGuid():N}"[..48];
        try
        {
            var built = await engine.BuildImageAsync(ContextTar.Of($"FROM {testBed.BusyboxImage}\nLABEL dokkudeploy.test=tls\n"),
                "Dockerfile", tag, CancellationToken.None);
            var inspected = await engine.InspectImageAsync(tag, CancellationToken.None);

            Assert.That(inspected.Id, Is.EqualTo(built.Id));
            Assert.That(log.Lines, Has.Some.Contains($"{TlsHost}/ (from DOCKER_HOST), TLS, engine verified against {Path.Combine(CertPath, "ca.pem")}"));
        }
        finally
        {
            await new DockerCli(testBed).RunAsync(["image", "rm", "-f", tag]);
        }
    }

    [Test]
    public async Task A_CA_that_did_not_sign_the_engine_is_a_coded_error_at_once()
    {
        var certPath = CopyCertPath();
        File.WriteAllText(Path.Combine(certPath, "ca.pem"), OtherCertificateAuthorityPem());

        var watch = Stopwatch.StartNew();
        var error = await FailsAsync(() => ConnectAsync(TlsEnvironment(certPath)));

        Assert.That(error.Code, Is.EqualTo("DOKKU3011"), error.Message);
        Assert.That(error.Message, Does.Contain(Path.Combine(certPath, "ca.pem")).And.Contain(TlsHost));
        // Connecting waits 30 s for a silent engine; well under that is the handshake's refusal, with room for a loaded machine.
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "refused at the handshake, not after the 30 s wait");
        TestContext.Out.WriteLine(error.Message);
    }

    [TestCase("cert.pem")]
    [TestCase("key.pem")]
    [TestCase("ca.pem")]
    public async Task A_missing_certificate_file_is_a_coded_error_naming_it(string missing)
    {
        var certPath = CopyCertPath();
        File.Delete(Path.Combine(certPath, missing));

        var error = await FailsAsync(() => ConnectAsync(TlsEnvironment(certPath)));

        Assert.That(error.Code, Is.EqualTo("DOKKU3009"), error.Message);
        Assert.That(error.Message, Does.Contain(Path.Combine(certPath, missing)));
    }

    [Test]
    public async Task Plain_HTTP_to_the_TLS_port_is_a_coded_error_that_suggests_TLS()
    {
        var error = await FailsAsync(() => ConnectAsync(Environment(("DOCKER_HOST", TlsHost))));

        Assert.That(error.Code, Is.EqualTo("DOKKU3001"), error.Message);
        Assert.That(error.Message, Does.Contain("DOCKER_TLS_VERIFY"));
    }

    [Test]
    public async Task A_context_named_by_DOCKER_CONTEXT_and_then_made_current_is_used()
    {
        var name = "tb-" + Guid.NewGuid().ToString("N")[..6];
        await DockerCliAsync("context", "create", name, "--docker", $"host={testBed.DockerHost}");

        var (engine, log) = await ConnectAsync(Environment(("DOCKER_CONTEXT", name)));
        using (engine)
        {
            Assert.That(engine.Endpoint.Uri, Is.EqualTo(new Uri(testBed.DockerHost)));
            Assert.That(log.Lines, Has.Some.Contains($"(from context '{name}' (DOCKER_CONTEXT))"));
            Assert.That((await engine.InspectImageAsync(testBed.BusyboxImage, CancellationToken.None)).Id, Does.StartWith("sha256:"));
        }

        await DockerCliAsync("context", "use", name);
        (engine, log) = await ConnectAsync(Environment());
        using (engine)
        {
            Assert.That(engine.Endpoint.Source, Is.EqualTo($"context '{name}' (currentContext in {Path.Combine(DockerConfig, "config.json")})"));
            Assert.That((await engine.InspectImageAsync(testBed.BusyboxImage, CancellationToken.None)).Id, Does.StartWith("sha256:"));
        }
    }

    [Test]
    public async Task A_TLS_context_verifies_the_engine_with_its_own_CA()
    {
        var name = "tb-tls-" + Guid.NewGuid().ToString("N")[..6];
        await DockerCliAsync("context", "create", name, "--docker",
            $"host={TlsHost},ca={CertPath}/ca.pem,cert={CertPath}/cert.pem,key={CertPath}/key.pem");

        var (engine, log) = await ConnectAsync(Environment(("DOCKER_CONTEXT", name)));
        using (engine)
        {
            Assert.That(engine.Endpoint.Tls!.Verification, Is.EqualTo(DockerTlsVerification.CertificateAuthority));
            Assert.That(engine.Endpoint.Tls.CaPath, Does.StartWith(Path.Combine(DockerConfig, "contexts", "tls")));
            Assert.That((await engine.InspectImageAsync(testBed.BusyboxImage, CancellationToken.None)).Id, Does.StartWith("sha256:"));
            Assert.That(log.Warnings, Is.Empty);
        }
    }

    [Test]
    public async Task A_context_that_skips_TLS_verification_connects_with_a_warning()
    {
        var name = "tb-skip-" + Guid.NewGuid().ToString("N")[..6];
        await DockerCliAsync("context", "create", name, "--docker",
            $"host={TlsHost},cert={CertPath}/cert.pem,key={CertPath}/key.pem,skip-tls-verify=true");

        var (engine, log) = await ConnectAsync(Environment(("DOCKER_CONTEXT", name)));
        using (engine)
        {
            Assert.That((await engine.InspectImageAsync(testBed.BusyboxImage, CancellationToken.None)).Id, Does.StartWith("sha256:"));
            Assert.That(log.Warnings, Has.Some.StartWith("DOKKU3013"));
        }
    }

    [Test]
    public async Task Without_docker_sock_a_rootless_Podman_socket_is_found_used_and_named_in_the_log()
    {
        const string podman = "/usr/bin/podman";
        Prerequisite.Require(File.Exists(podman),
            "podman is not installed (`apt-get install podman`, or run tests/testbed/up.sh); the discovery order itself is unit-tested without it.");

        // Podman's own storage, vfs because overlay would leave a mount behind; a short path, as podman
        // refuses a run root longer than 50 characters.
        var root = Path.Combine(Path.GetTempPath(), "dd-podman-" + Guid.NewGuid().ToString("N")[..8]);
        var runtimeDirectory = Path.Combine(root, "xdg");
        var socket = Path.Combine(runtimeDirectory, "podman", "podman.sock");
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
        var start = new ProcessStartInfo(podman)
        {
            ArgumentList =
            {
                "--root", Path.Combine(root, "storage"), "--runroot", Path.Combine(root, "run"), "--storage-driver=vfs",
                "--cgroup-manager=cgroupfs", "--events-backend=file", "system", "service", "--time=0", "unix://" + socket,
            },
            Environment = { ["XDG_RUNTIME_DIR"] = runtimeDirectory },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var service = Process.Start(start)!;
        try
        {
            // The socket appearing (or podman exiting) is the signal; the minute is only a guard, as podman starts slowly on a loaded machine.
            var started = Stopwatch.StartNew();
            while (!File.Exists(socket) && !service.HasExited && started.Elapsed < TimeSpan.FromMinutes(1))
                await Task.Delay(100);
            if (!File.Exists(socket))
            {
                if (!service.HasExited)
                    service.Kill(entireProcessTree: true);
                Assert.Fail("podman system service did not create its socket:\n" + await service.StandardError.ReadToEndAsync());
            }

            // This machine has no /var/run/docker.sock either; hiding it keeps the test true where one exists.
            var endpoint = new DockerEndpointResolver(Environment(("XDG_RUNTIME_DIR", runtimeDirectory)),
                path => path != DockerEndpointResolver.DefaultSocket && File.Exists(path)).Resolve();
            var log = new LinesLog();
            using var engine = await DockerEngine.ConnectAsync(endpoint, log, CancellationToken.None);

            Assert.That(engine.Endpoint.Uri, Is.EqualTo(new Uri("unix://" + socket)));
            Assert.That(log.Lines, Has.Some.Contains($"unix://{socket} (from Podman socket in XDG_RUNTIME_DIR, as /var/run/docker.sock does not exist)"));
            Assert.That(engine.ApiVersion, Is.Not.Empty);
            TestContext.Out.WriteLine(string.Join("\n", log.Lines));
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    static async Task<DeployException> FailsAsync(Func<Task> connect)
    {
        try
        {
            await connect();
        }
        catch (DeployException e)
        {
            return e;
        }

        Assert.Fail("connected, but a coded error was expected");
        throw new InvalidOperationException("unreachable");
    }

    async Task DockerCliAsync(params string[] arguments)
    {
        var cli = File.Exists(testBed.DockerCli) ? testBed.DockerCli : "/usr/local/bin/docker";
        var result = await ProcessRunner.RunAsync(cli, arguments, new ProcessRunOptions
        {
            Environment = new Dictionary<string, string?>
            {
                ["HOME"] = scratch, ["DOCKER_CONFIG"] = DockerConfig, ["DOCKER_HOST"] = null, ["DOCKER_CONTEXT"] = null,
            },
            Timeout = TimeSpan.FromMinutes(1),
        });
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    string CopyCertPath()
    {
        var copy = Path.Combine(scratch, "certs");
        Directory.CreateDirectory(copy);
        foreach (var file in new[] { "ca.pem", "cert.pem", "key.pem" })
            File.Copy(Path.Combine(CertPath, file), Path.Combine(copy, file));
        return copy;
    }

    /// <summary>A CA that looks like the test bed's but never signed anything it uses.</summary>
    static string OtherCertificateAuthorityPem()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=DokkuDeploy test bed Docker CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return ca.ExportCertificatePem();
    }
}
