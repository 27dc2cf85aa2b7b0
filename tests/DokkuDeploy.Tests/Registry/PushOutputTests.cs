using Docker.DotNet.Models;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Registry;
using DokkuDeploy.Tests.Dokku;

namespace DokkuDeploy.Tests.Registry;

/// <summary>The engine's push stream (messages as Docker 20.10 sends them) and its failures, turned into coded errors.</summary>
public sealed class PushOutputTests
{
    static readonly RegistryImage Image = RegistryImage.For("127.0.0.1:5001", null, "shop", "dokku-deploy/shop:abc");

    static readonly RegistryCredentialSearch WithLogin =
        new("127.0.0.1:5001", new RegistryCredential("deployer", "pw-1234", "DOKKU_REGISTRY_USERNAME/DOKKU_REGISTRY_PASSWORD"), ["DOKKU_REGISTRY_USERNAME/DOKKU_REGISTRY_PASSWORD"]);

    static readonly RegistryCredentialSearch WithoutLogin =
        new("127.0.0.1:5001", null, ["DOKKU_REGISTRY_USERNAME/DOKKU_REGISTRY_PASSWORD", "/root/.docker/config.json (no such file)"]);

    static JSONMessage Status(string status, string? id = null, long current = 0, long total = 0) =>
        new() { Status = status, ID = id, Progress = current + total > 0 ? new JSONProgress { Current = current, Total = total } : null };

    [Test]
    public void The_reader_counts_the_layers_uploaded_and_the_digest()
    {
        var log = new RecordingLog();
        var reader = new PushOutputReader(log);
        foreach (var message in new[]
                 {
                     Status("The push refers to repository [127.0.0.1:5001/shop]"),
                     Status("Preparing", "aaa"), Status("Preparing", "bbb"),
                     Status("Layer already exists", "bbb"),
                     Status("Pushing", "aaa", 512, 2048), Status("Pushing", "aaa", 2048, 2048),
                     Status("Pushed", "aaa"),
                     Status("abc: digest: sha256:0123abcd size: 739"),
                 })
        {
            reader.Report(message);
        }

        Assert.That(reader.Error, Is.Null);
        Assert.That(reader.Digest, Is.EqualTo("sha256:0123abcd"));
        Assert.That(reader.BytesPushed, Is.EqualTo(2048));
        Assert.That(reader.LayersPushed, Is.EqualTo(1));
        Assert.That(reader.LayersSkipped, Is.EqualTo(1));
        Assert.That(log.Details, Has.Member("bbb: Layer already exists").And.Member("The push refers to repository [127.0.0.1:5001/shop]"));
    }

    [Test]
    public void The_first_error_in_the_stream_is_kept()
    {
        var reader = new PushOutputReader(new RecordingLog());
        reader.Report(new JSONMessage { Error = new JSONError { Message = "unauthorized: authentication required" } });
        reader.Report(new JSONMessage { Error = new JSONError { Message = "later" } });
        Assert.That(reader.Error, Is.EqualTo("unauthorized: authentication required"));
    }

    [TestCase("unauthorized: authentication required", "DOKKU7010")]
    [TestCase("Get \"http://127.0.0.1:5001/v2/\": 401 Unauthorized", "DOKKU7010")]
    [TestCase("denied: requested access to the resource is denied", "DOKKU7011")]
    [TestCase("Get \"http://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused", "DOKKU7012")]
    [TestCase("Get \"https://registry.lan:5000/v2/\": dial tcp: lookup registry.lan: no such host", "DOKKU7012")]
    [TestCase("Get \"https://registry.lan:5000/v2/\": http: server gave HTTP response to HTTPS client", "DOKKU7013")]
    [TestCase("blob upload unknown", "DOKKU7014")]
    public void A_push_failure_with_a_login_gets_its_code(string message, string code)
    {
        var e = PushFailure.Classify(message, Image, WithLogin);
        Assert.That(e.Code, Is.EqualTo(code));
        Assert.That(e.Message, Does.Contain("127.0.0.1:5001").And.Not.Contain("pw-1234"));
    }

    [TestCase("no basic auth credentials")]
    [TestCase("unauthorized: authentication required")]
    public void A_registry_wanting_a_login_when_none_was_found_says_where_it_looked(string message)
    {
        var e = PushFailure.Classify(message, Image, WithoutLogin);
        Assert.That(e.Code, Is.EqualTo("DOKKU7003"));
        Assert.That(e.Message, Does.Contain("/root/.docker/config.json (no such file)"));
    }

    [Test]
    public void A_refused_login_names_where_the_credentials_came_from() =>
        Assert.That(PushFailure.Classify("unauthorized: authentication required", Image, WithLogin).Message,
            Does.Contain("DOKKU_REGISTRY_USERNAME/DOKKU_REGISTRY_PASSWORD"));

    [Test]
    public void A_plain_http_registry_says_both_engines_need_it_as_insecure() =>
        Assert.That(PushFailure.Classify("http: server gave HTTP response to HTTPS client", Image, WithLogin).Message,
            Does.Contain("insecure-registries").And.Contain("Dokku server"));
}
