using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Dokku;

namespace DokkuDeploy.Tests.Deploy;

/// <summary>Where the app listens, read from the image the way Kestrel reads it, and Dokku's own port map for the image.</summary>
public sealed class ListeningPortTests
{
    static ImageInfo Image(int[] exposed, params string[] env) => new("sha256:1", [], 1) { ExposedTcpPorts = exposed, Environment = env };

    [TestCase(new int[0], new string[0], null, 5000)]
    [TestCase(new[] { 8080, 8081 }, new[] { "ASPNETCORE_HTTP_PORTS=8080" }, null, 8080)] // Visual Studio's Dockerfile on aspnet:8.0
    [TestCase(new int[0], new[] { "ASPNETCORE_HTTP_PORTS=8080" }, null, 8080)] // docker init's: no EXPOSE
    [TestCase(new[] { 8080 }, new[] { "ASPNETCORE_HTTP_PORTS=8080", "ASPNETCORE_URLS=http://+:5000" }, null, 5000)] // URLS wins, as in Kestrel
    [TestCase(new int[0], new[] { "ASPNETCORE_URLS=https://+:443;http://*:7000" }, null, 7000)]
    [TestCase(new int[0], new[] { "ASPNETCORE_URLS=http://localhost" }, null, 80)]
    [TestCase(new int[0], new[] { "ASPNETCORE_URLS=http://[::]:6000" }, null, 6000)]
    [TestCase(new int[0], new[] { "ASPNETCORE_HTTP_PORTS=9000;9001" }, null, 9000)]
    [TestCase(new int[0], new[] { "ASPNETCORE_HTTP_PORTS=" }, null, 5000)] // set but empty: Kestrel ignores it
    [TestCase(new[] { 3000, 4000 }, new string[0], null, 3000)]
    [TestCase(new[] { 8080 }, new[] { "ASPNETCORE_HTTP_PORTS=8080" }, 7777, 7777)] // DokkuContainerPort wins
    [TestCase(new int[0], new[] { "ASPNETCORE_HTTP_PORTS=8080", "ASPNETCORE_HTTP_PORTS=5001" }, null, 5001)] // the last ENV wins
    public void The_port_the_app_listens_on(int[] exposed, string[] env, int? configured, int expected)
    {
        var port = ListeningPort.Of(Image(exposed, env), configured);
        Assert.That(port.Port, Is.EqualTo(expected));
        Assert.That(port.Evidence, Is.Not.Empty);
    }

    [TestCase(new int[0], "http:80:5000")]
    [TestCase(new[] { 5000 }, "http:5000:5000")] // what real Dokku 0.38.27 did with the old generated Dockerfile
    [TestCase(new[] { 8081, 8080 }, "http:8080:8080 http:8081:8081")]
    public void Dokku_s_map_for_an_app_without_one_of_its_own(int[] exposed, string expected) =>
        Assert.That(PortMapping.FormatMap(PortMapping.DetectedFrom(exposed)), Is.EqualTo(expected));

    [TestCase("http:80:5000", "http:80:5000")]
    [TestCase("  https:443:8080   http:80:8080 ", "http:80:8080 https:443:8080")]
    [TestCase("", "")]
    [TestCase("udp:53:53 http:80:5000", "http:80:5000")]
    public void A_map_as_Dokku_prints_it(string text, string expected) =>
        Assert.That(PortMapping.FormatMap(PortMapping.ParseMap(text)), Is.EqualTo(expected));
}
