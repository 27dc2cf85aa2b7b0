using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Tests.Dokku;

namespace DokkuDeploy.Tests.Docker;

/// <summary>
/// The TLS checks against a real TLS handshake on 127.0.0.1 (an in-process SslStream server with certificates
/// made here): the engine's certificate must chain to the given CA and name the host. The test bed's
/// dockerd covers the full path (tests/DokkuDeploy.TestBed.Tests/DockerEndpointTests.cs).
/// </summary>
public sealed class DockerTlsAuthProviderTests
{
    string directory = null!;

    [SetUp]
    public void SetUp()
    {
        directory = Path.Combine(Path.GetTempPath(), "dokkudeploy-tls-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(directory, recursive: true);

    [Test]
    public void A_CA_file_that_is_not_a_certificate_is_a_coded_error_naming_it()
    {
        var tls = WriteFiles(Authority());
        File.WriteAllText(tls.CaPath!, "not a certificate");

        var error = Assert.Throws<DeployException>(() => DockerTlsAuthProvider.Load(tls))!;

        Assert.That(error.Code, Is.EqualTo("DOKKU3010"));
        Assert.That(error.Message, Does.Contain(tls.CaPath));
    }

    [Test]
    public void A_key_that_does_not_belong_to_the_client_certificate_is_a_coded_error()
    {
        var tls = WriteFiles(Authority());
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(tls.KeyPath!, other.ExportPkcs8PrivateKeyPem());

        var error = Assert.Throws<DeployException>(() => DockerTlsAuthProvider.Load(tls))!;

        Assert.That(error.Code, Is.EqualTo("DOKKU3010"));
        Assert.That(error.Message, Does.Contain(tls.CertPath));
    }

    [Test]
    public async Task A_certificate_for_another_host_is_refused_even_from_the_right_CA()
    {
        using var authority = Authority();
        using var server = await TlsServer.StartAsync(Issue(authority, "build.example.com", serverAuth: true, dnsName: "build.example.com"));
        var tls = WriteFiles(authority);

        var error = await ConnectFailsAsync(server.Port, tls);

        Assert.That(error.Code, Is.EqualTo("DOKKU3011"), error.Message);
        Assert.That(error.Message, Does.Contain("not made out to the host"));
    }

    [Test]
    public async Task A_private_CA_is_not_trusted_by_the_system_store()
    {
        using var authority = Authority();
        using var server = await TlsServer.StartAsync(Issue(authority, "localhost", serverAuth: true, dnsName: "localhost", ip: IPAddress.Loopback));
        var files = WriteFiles(authority);
        var tls = files with { Verification = DockerTlsVerification.SystemStore, CaPath = null };

        var error = await ConnectFailsAsync(server.Port, tls);

        Assert.That(error.Code, Is.EqualTo("DOKKU3011"), error.Message);
        Assert.That(error.Message, Does.Contain("not trusted by this system"));
    }

    [Test]
    public async Task The_right_CA_and_host_pass_the_handshake()
    {
        using var authority = Authority();
        using var server = await TlsServer.StartAsync(Issue(authority, "localhost", serverAuth: true, dnsName: "localhost", ip: IPAddress.Loopback));
        var tls = WriteFiles(authority);

        // The in-process server speaks no HTTP: getting past the handshake is the point, then it hangs up.
        var error = await ConnectFailsAsync(server.Port, tls);

        Assert.That(error.Code, Is.EqualTo("DOKKU3001"), error.Message);
        Assert.That(server.Handshakes, Is.EqualTo(1));
    }

    static async Task<DeployException> ConnectFailsAsync(int port, DockerTls tls)
    {
        var endpoint = new DockerEndpoint(new Uri($"tcp://127.0.0.1:{port}"), "DOCKER_HOST") { Tls = tls };
        try
        {
            using var engine = await DockerEngine.ConnectAsync(endpoint, new RecordingLog(), CancellationToken.None);
        }
        catch (DeployException e)
        {
            return e;
        }

        Assert.Fail("connected");
        throw new InvalidOperationException();
    }

    DockerTls WriteFiles(X509Certificate2 authority)
    {
        var ca = Path.Combine(directory, "ca.pem");
        var cert = Path.Combine(directory, "cert.pem");
        var key = Path.Combine(directory, "key.pem");
        File.WriteAllText(ca, authority.ExportCertificatePem());
        using var client = Issue(authority, "client", serverAuth: false);
        File.WriteAllText(cert, client.ExportCertificatePem());
        File.WriteAllText(key, client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return new DockerTls(DockerTlsVerification.CertificateAuthority, ca, cert, key, "DOCKER_TLS_VERIFY and DOCKER_CERT_PATH");
    }

    static X509Certificate2 Authority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(60));
    }

    static X509Certificate2 Issue(X509Certificate2 authority, string commonName, bool serverAuth, string? dnsName = null, IPAddress? ip = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (dnsName is not null || ip is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            if (dnsName is not null)
                names.AddDnsName(dnsName);
            if (ip is not null)
                names.AddIpAddress(ip);
            request.CertificateExtensions.Add(names.Build());
        }

        using var issued = request.Create(authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        // An ephemeral key cannot always serve a TLS handshake: round-trip through PKCS#12 as a real file would.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Accepts TLS handshakes on 127.0.0.1 with one certificate, then hangs up.</summary>
    sealed class TlsServer : IDisposable
    {
        readonly TcpListener listener;
        readonly X509Certificate2 certificate;
        readonly CancellationTokenSource stop = new();
        int handshakes;

        TlsServer(X509Certificate2 certificate)
        {
            this.certificate = certificate;
            listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public int Handshakes => Volatile.Read(ref handshakes);

        public static Task<TlsServer> StartAsync(X509Certificate2 certificate) => Task.FromResult(new TlsServer(certificate));

        async Task AcceptAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await listener.AcceptTcpClientAsync(stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                using (client)
                await using (var ssl = new SslStream(client.GetStream()))
                {
                    try
                    {
                        await ssl.AuthenticateAsServerAsync(certificate);
                        Interlocked.Increment(ref handshakes);
                    }
                    catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
                    {
                        // The client refused our certificate: what most tests expect.
                    }
                }
            }
        }

        public void Dispose()
        {
            stop.Cancel();
            listener.Stop();
            certificate.Dispose();
            stop.Dispose();
        }
    }
}
