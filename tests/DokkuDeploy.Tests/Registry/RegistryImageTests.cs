using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Registry;

namespace DokkuDeploy.Tests.Registry;

public sealed class RegistryImageTests
{
    [TestCase("127.0.0.1:5001", "127.0.0.1:5001", null)]
    [TestCase("registry.example.com/team", "registry.example.com", "team")]
    [TestCase("Registry.Example.com/team/sub/", "registry.example.com", "team/sub")]
    [TestCase("localhost:5000", "localhost:5000", null)]
    [TestCase("localhost", "localhost", null)]
    [TestCase("myteam", "docker.io", "myteam")]
    [TestCase("index.docker.io/myteam", "docker.io", "myteam")]
    [TestCase("ghcr.io/acme", "ghcr.io", "acme")]
    [TestCase("[::1]:5000", "[::1]:5000", null)]
    public void A_registry_setting_is_a_host_and_an_optional_namespace(string setting, string host, string? ns)
    {
        var location = RegistryLocation.Parse(setting);
        Assert.That(location.Host, Is.EqualTo(host));
        Assert.That(location.Namespace, Is.EqualTo(ns));
    }

    [Test]
    public void Docker_hub_credentials_live_under_the_index_address() =>
        Assert.That(RegistryLocation.Parse("myteam").ServerAddress, Is.EqualTo("https://index.docker.io/v1/"));

    [TestCase("", "empty")]
    [TestCase("https://registry.example.com", "scheme")]
    [TestCase("registry.example.com/Team", "namespace")]
    [TestCase("registry.example.com/team:1.0", "namespace")]
    [TestCase("bad_host.example.com:x", "host name")]
    public void A_setting_that_is_not_a_registry_is_a_coded_error(string setting, string reason)
    {
        var e = Assert.Throws<DeployException>(() => RegistryLocation.Parse(setting));
        Assert.That(e!.Code, Is.EqualTo("DOKKU7001"));
        Assert.That(e.Message, Does.Contain(reason));
    }

    [TestCase("127.0.0.1:5001", null, "shop", "dokku-deploy/shop:3f2c1a9", "127.0.0.1:5001/shop:3f2c1a9")]
    [TestCase("registry.example.com/team", null, "shop", "dokku-deploy/shop:3f2c1a9-dirty", "registry.example.com/team/shop:3f2c1a9-dirty")]
    [TestCase("registry.example.com/team", "Acme/Web", "shop", "acme/web:1.2", "registry.example.com/team/web:1.2")]
    [TestCase("127.0.0.1:5001", "127.0.0.1:5000/web:old", "shop", "127.0.0.1:5000/web:7", "127.0.0.1:5001/web:7")]
    [TestCase("127.0.0.1:5001", null, "shop", "dokku-deploy/shop", "127.0.0.1:5001/shop:latest")]
    public void The_image_in_the_registry_is_the_registry_the_image_name_and_the_local_tag(
        string registry, string? imageName, string app, string local, string expected) =>
        Assert.That(RegistryImage.For(registry, imageName, app, local).Reference, Is.EqualTo(expected));
}
