using System.Text.Json;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Tests.Docker;

/// <summary>
/// The discovery order, with the environment and the socket check injected: no engine, no Podman needed.
/// Contexts are real files in a temp DOCKER_CONFIG, laid out as the docker CLI writes them.
/// </summary>
public sealed class DockerEndpointResolverTests
{
    string config = null!;
    Dictionary<string, string> environment = null!;
    HashSet<string> sockets = null!;

    [SetUp]
    public void SetUp()
    {
        config = Path.Combine(Path.GetTempPath(), "dokkudeploy-endpoint-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(config);
        environment = new Dictionary<string, string> { ["DOCKER_CONFIG"] = config };
        sockets = new HashSet<string>(StringComparer.Ordinal);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(config, recursive: true);

    DockerEndpoint Resolve() =>
        new DockerEndpointResolver(name => environment.GetValueOrDefault(name), path => sockets.Contains(path) || File.Exists(path)).Resolve();

    static DeployException Fails(Func<DockerEndpoint> resolve, string code)
    {
        var error = Assert.Throws<DeployException>(() => resolve())!;
        Assert.That(error.Code, Is.EqualTo(code), error.Message);
        return error;
    }

    void WriteContext(string name, string host, bool skipTlsVerify = false, params string[] tlsFiles)
    {
        var id = DockerCliConfiguration.ContextId(name);
        var meta = Path.Combine(config, "contexts", "meta", id);
        Directory.CreateDirectory(meta);
        File.WriteAllText(Path.Combine(meta, "meta.json"), JsonSerializer.Serialize(new
        {
            Name = name,
            Metadata = new { },
            Endpoints = new { docker = new { Host = host, SkipTLSVerify = skipTlsVerify } },
        }));
        var tls = Path.Combine(config, "contexts", "tls", id, "docker");
        foreach (var file in tlsFiles)
        {
            Directory.CreateDirectory(tls);
            File.WriteAllText(Path.Combine(tls, file), "pem");
        }
    }

    void WriteCurrentContext(string name) =>
        File.WriteAllText(Path.Combine(config, "config.json"), JsonSerializer.Serialize(new { auths = new { }, currentContext = name }));

    string WriteCertPath(params string[] files)
    {
        var directory = Path.Combine(config, "certs");
        Directory.CreateDirectory(directory);
        foreach (var file in files)
            File.WriteAllText(Path.Combine(directory, file), "pem");
        return directory;
    }

    [Test]
    public void DOCKER_HOST_comes_first()
    {
        environment["DOCKER_HOST"] = "unix:///tmp/engine.sock";
        environment["DOCKER_CONTEXT"] = "remote";
        WriteContext("remote", "tcp://10.0.0.1:2376");
        sockets.Add(DockerEndpointResolver.DefaultSocket);

        var endpoint = Resolve();

        Assert.That(endpoint.Uri, Is.EqualTo(new Uri("unix:///tmp/engine.sock")));
        Assert.That(endpoint.Source, Is.EqualTo("DOCKER_HOST"));
        Assert.That(endpoint.Tls, Is.Null);
    }

    [Test]
    public void A_plain_tcp_DOCKER_HOST_has_no_TLS()
    {
        environment["DOCKER_HOST"] = "tcp://127.0.0.1:2375";
        Assert.That(Resolve().Tls, Is.Null);
    }

    [Test]
    public void DOCKER_TLS_VERIFY_takes_the_three_files_from_DOCKER_CERT_PATH()
    {
        environment["DOCKER_HOST"] = "tcp://127.0.0.1:2376";
        environment["DOCKER_TLS_VERIFY"] = "1";
        environment["DOCKER_CERT_PATH"] = WriteCertPath("ca.pem", "cert.pem", "key.pem");

        var tls = Resolve().Tls!;

        Assert.That(tls.Verification, Is.EqualTo(DockerTlsVerification.CertificateAuthority));
        Assert.That(tls.CaPath, Is.EqualTo(Path.Combine(config, "certs", "ca.pem")));
        Assert.That(tls.CertPath, Is.EqualTo(Path.Combine(config, "certs", "cert.pem")));
        Assert.That(tls.KeyPath, Is.EqualTo(Path.Combine(config, "certs", "key.pem")));
    }

    [Test]
    public void Without_DOCKER_CERT_PATH_the_files_come_from_the_docker_config_folder()
    {
        environment["DOCKER_HOST"] = "tcp://127.0.0.1:2376";
        environment["DOCKER_TLS_VERIFY"] = "1";
        foreach (var file in new[] { "ca.pem", "cert.pem", "key.pem" })
            File.WriteAllText(Path.Combine(config, file), "pem");

        Assert.That(Resolve().Tls!.CaPath, Is.EqualTo(Path.Combine(config, "ca.pem")));
    }

    [Test]
    public void Without_DOCKER_CONFIG_the_docker_config_folder_is_under_HOME()
    {
        environment.Remove("DOCKER_CONFIG");
        environment["HOME"] = config;
        environment["DOCKER_HOST"] = "tcp://127.0.0.1:2376";
        environment["DOCKER_TLS_VERIFY"] = "1";

        var error = Fails(Resolve, "DOKKU3009");
        Assert.That(error.Message, Does.Contain(Path.Combine(config, ".docker", "ca.pem")));
    }

    [TestCase("ca.pem", "CA certificate")]
    [TestCase("cert.pem", "client certificate")]
    [TestCase("key.pem", "client key")]
    public void A_missing_TLS_file_is_a_coded_error_naming_it(string missing, string role)
    {
        environment["DOCKER_HOST"] = "tcp://127.0.0.1:2376";
        environment["DOCKER_TLS_VERIFY"] = "1";
        environment["DOCKER_CERT_PATH"] = WriteCertPath(new[] { "ca.pem", "cert.pem", "key.pem" }.Where(f => f != missing).ToArray());

        var error = Fails(Resolve, "DOKKU3009");

        Assert.That(error.Message, Does.Contain(Path.Combine(config, "certs", missing)));
        Assert.That(error.Message, Does.Contain(role));
    }

    [Test]
    public void DOCKER_TLS_without_verification_is_refused()
    {
        environment["DOCKER_HOST"] = "tcp://127.0.0.1:2376";
        environment["DOCKER_TLS"] = "1";
        Fails(Resolve, "DOKKU3012");
    }

    [Test]
    public void DOCKER_TLS_VERIFY_does_not_apply_to_a_unix_socket()
    {
        environment["DOCKER_HOST"] = "unix:///tmp/engine.sock";
        environment["DOCKER_TLS_VERIFY"] = "1";
        Assert.That(Resolve().Tls, Is.Null);
    }

    [TestCase("not a uri", "DOKKU3006")]
    [TestCase("ftp://host", "DOKKU3006")]
    [TestCase("ssh://user@host", "DOKKU3007")]
    public void A_DOCKER_HOST_we_cannot_use_is_a_coded_error(string host, string code)
    {
        environment["DOCKER_HOST"] = host;
        Fails(Resolve, code);
    }

    [Test]
    public void DOCKER_CONTEXT_names_the_context()
    {
        environment["DOCKER_CONTEXT"] = "build box";
        WriteContext("build box", "unix:///run/build.sock");
        WriteCurrentContext("other");
        WriteContext("other", "unix:///run/other.sock");

        var endpoint = Resolve();

        Assert.That(endpoint.Uri, Is.EqualTo(new Uri("unix:///run/build.sock")));
        Assert.That(endpoint.Source, Is.EqualTo("context 'build box' (DOCKER_CONTEXT)"));
    }

    [Test]
    public void The_current_context_in_config_json_comes_next()
    {
        WriteCurrentContext("other");
        WriteContext("other", "unix:///run/other.sock");
        sockets.Add(DockerEndpointResolver.DefaultSocket);

        var endpoint = Resolve();

        Assert.That(endpoint.Uri, Is.EqualTo(new Uri("unix:///run/other.sock")));
        Assert.That(endpoint.Source, Does.StartWith("context 'other' (currentContext in " + Path.Combine(config, "config.json")));
    }

    [Test]
    public void The_default_context_is_the_default_socket()
    {
        environment["DOCKER_CONTEXT"] = "default";
        WriteCurrentContext("other");
        WriteContext("other", "unix:///run/other.sock");
        sockets.Add(DockerEndpointResolver.DefaultSocket);

        Assert.That(Resolve().Source, Is.EqualTo("default socket"));
    }

    [Test]
    public void A_missing_context_is_a_coded_error_naming_who_asked_for_it()
    {
        environment["DOCKER_CONTEXT"] = "gone";
        var error = Fails(Resolve, "DOKKU3008");
        Assert.That(error.Message, Does.Contain("'gone'").And.Contain("DOCKER_CONTEXT"));

        environment.Remove("DOCKER_CONTEXT");
        WriteCurrentContext("vanished");
        error = Fails(Resolve, "DOKKU3008");
        Assert.That(error.Message, Does.Contain("'vanished'").And.Contain("config.json"));
    }

    [Test]
    public void An_unreadable_config_json_is_no_current_context()
    {
        File.WriteAllText(Path.Combine(config, "config.json"), "{ not json");
        sockets.Add(DockerEndpointResolver.DefaultSocket);
        Assert.That(Resolve().Source, Is.EqualTo("default socket"));
    }

    [Test]
    public void A_context_with_a_CA_verifies_against_it_and_presents_its_client_certificate()
    {
        environment["DOCKER_CONTEXT"] = "secure";
        WriteContext("secure", "tcp://10.0.0.1:2376", false, "ca.pem", "cert.pem", "key.pem");

        var tls = Resolve().Tls!;

        var directory = Path.Combine(config, "contexts", "tls", DockerCliConfiguration.ContextId("secure"), "docker");
        Assert.That(tls.Verification, Is.EqualTo(DockerTlsVerification.CertificateAuthority));
        Assert.That(tls.CaPath, Is.EqualTo(Path.Combine(directory, "ca.pem")));
        Assert.That(tls.CertPath, Is.EqualTo(Path.Combine(directory, "cert.pem")));
        Assert.That(tls.KeyPath, Is.EqualTo(Path.Combine(directory, "key.pem")));
    }

    [Test]
    public void A_context_that_skips_verification_is_honoured()
    {
        environment["DOCKER_CONTEXT"] = "lab";
        WriteContext("lab", "tcp://10.0.0.1:2376", true);
        Assert.That(Resolve().Tls!.Verification, Is.EqualTo(DockerTlsVerification.None));
    }

    [Test]
    public void A_context_with_client_certificates_but_no_CA_uses_the_system_store()
    {
        environment["DOCKER_CONTEXT"] = "public";
        WriteContext("public", "tcp://docker.example.com:2376", false, "cert.pem", "key.pem");
        Assert.That(Resolve().Tls!.Verification, Is.EqualTo(DockerTlsVerification.SystemStore));
    }

    [Test]
    public void A_context_with_a_certificate_but_no_key_is_a_coded_error_naming_the_key()
    {
        environment["DOCKER_CONTEXT"] = "half";
        WriteContext("half", "tcp://10.0.0.1:2376", false, "ca.pem", "cert.pem");
        var error = Fails(Resolve, "DOKKU3009");
        Assert.That(error.Message, Does.Contain("key.pem"));
    }

    [Test]
    public void A_plain_tcp_context_has_no_TLS()
    {
        environment["DOCKER_CONTEXT"] = "plain";
        WriteContext("plain", "tcp://10.0.0.1:2375");
        Assert.That(Resolve().Tls, Is.Null);
    }

    [Test]
    public void Without_host_or_context_the_default_socket_comes_before_Podman()
    {
        environment["XDG_RUNTIME_DIR"] = "/run/user/1000";
        sockets.UnionWith([DockerEndpointResolver.DefaultSocket, "/run/user/1000/podman/podman.sock", DockerEndpointResolver.RootfulPodmanSocket]);

        var endpoint = Resolve();

        Assert.That(endpoint.Uri, Is.EqualTo(new Uri("unix:///var/run/docker.sock")));
        Assert.That(endpoint.Source, Is.EqualTo("default socket"));
    }

    [Test]
    public void Without_the_default_socket_the_rootless_Podman_socket_is_used_and_the_reason_given()
    {
        environment["XDG_RUNTIME_DIR"] = "/run/user/1000";
        sockets.UnionWith(["/run/user/1000/podman/podman.sock", DockerEndpointResolver.RootfulPodmanSocket]);

        var endpoint = Resolve();

        Assert.That(endpoint.Uri, Is.EqualTo(new Uri("unix:///run/user/1000/podman/podman.sock")));
        Assert.That(endpoint.Source, Does.StartWith("Podman socket").And.Contain("/var/run/docker.sock does not exist"));
    }

    [Test]
    public void Then_the_rootful_Podman_socket()
    {
        environment["XDG_RUNTIME_DIR"] = "/run/user/1000";
        sockets.Add(DockerEndpointResolver.RootfulPodmanSocket);

        var endpoint = Resolve();

        Assert.That(endpoint.Uri, Is.EqualTo(new Uri("unix:///run/podman/podman.sock")));
        Assert.That(endpoint.Source, Does.StartWith("Podman socket"));
    }

    [Test]
    public void Without_XDG_RUNTIME_DIR_only_the_rootful_Podman_socket_is_tried()
    {
        sockets.Add(DockerEndpointResolver.RootfulPodmanSocket);
        Assert.That(Resolve().Uri, Is.EqualTo(new Uri("unix:///run/podman/podman.sock")));
    }

    [Test]
    public void No_socket_at_all_is_a_coded_error_listing_every_place_tried()
    {
        environment["XDG_RUNTIME_DIR"] = "/run/user/1000";
        var error = Fails(Resolve, "DOKKU3014");
        Assert.That(error.Message, Does.Contain("/var/run/docker.sock")
            .And.Contain("/run/user/1000/podman/podman.sock")
            .And.Contain("/run/podman/podman.sock"));
    }

    [Test]
    public void The_description_names_the_endpoint_its_source_and_the_TLS_check()
    {
        environment["DOCKER_HOST"] = "tcp://127.0.0.1:2376";
        environment["DOCKER_TLS_VERIFY"] = "1";
        environment["DOCKER_CERT_PATH"] = WriteCertPath("ca.pem", "cert.pem", "key.pem");

        Assert.That(Resolve().Describe(), Is.EqualTo(
            $"tcp://127.0.0.1:2376/ (from DOCKER_HOST), TLS, engine verified against {Path.Combine(config, "certs", "ca.pem")}, " +
            $"client certificate {Path.Combine(config, "certs", "cert.pem")}"));
    }
}
