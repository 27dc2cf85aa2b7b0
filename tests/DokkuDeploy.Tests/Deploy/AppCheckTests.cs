using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Tests.Ssh;

namespace DokkuDeploy.Tests.Deploy;

/// <summary>
/// The URL check against a real HTTP listener on loopback. A reported host this machine cannot resolve is
/// asked at the address SSH reached, with the Host header Dokku's proxy routes on, and the log says so; an
/// answer from another service there is named as such rather than taken for the app's. (Resolution is
/// injected, so no DNS query leaves the machine.)
/// </summary>
public sealed class AppCheckTests
{
    static readonly DokkuRemote Remote = new("dokku", "dokku.example", 22, "hello");

    static Task<bool> NothingResolves(string host, CancellationToken cancellationToken) => Task.FromResult(false);

    static Task RunAsync(string verifyUrl, string reportedUrl, CollectingLog log, TimeSpan timeout) =>
        AppCheck.Parse(verifyUrl)!.RunAsync([reportedUrl], Remote, "127.0.0.1", log, CancellationToken.None, NothingResolves, timeout);

    [Test]
    public async Task A_host_that_does_not_resolve_is_asked_at_the_ssh_address_with_its_host_header()
    {
        await using var app = new LoopbackHttpServer(200, "OK", "Kestrel");
        var log = new CollectingLog();

        await RunAsync("true", $"http://hello.vm:{app.Port}", log, TimeSpan.FromMinutes(5));

        Assert.That(app.HostHeaders, Has.All.EqualTo($"hello.vm:{app.Port}"));
        Assert.That(log.Lines, Has.Some.Contains($"Checking http://127.0.0.1:{app.Port}/ with Host: hello.vm:{app.Port} (hello.vm does not resolve here"));
        Assert.That(log.Lines, Has.Some.Contains($"Verified: http://hello.vm:{app.Port}/ answered HTTP 200 OK (Server: Kestrel)")
            .And.Some.Contains($"(asked http://127.0.0.1:{app.Port}/ with Host: hello.vm:{app.Port})"));
    }

    [Test]
    public async Task A_path_is_checked_on_the_guessed_address()
    {
        await using var app = new LoopbackHttpServer(200, "OK", "nginx");
        var log = new CollectingLog();

        await RunAsync("/health", $"http://hello.vm:{app.Port}", log, TimeSpan.FromMinutes(5));

        Assert.That(log.Lines, Has.Some.Contains($"Verified: http://hello.vm:{app.Port}/health answered HTTP 200 OK (Server: nginx)"));
    }

    [Test]
    public async Task Another_service_on_the_guessed_address_is_named_at_once_not_waited_for()
    {
        await using var registry = new LoopbackHttpServer(404, "Not Found", "Docker-Distribution/2.8");

        // A five-minute window: the check must end on the first answer, not when the window closes.
        var error = await Assert.ThrowsAsync<DeployException>(() => RunAsync("true", $"http://hello.vm:{registry.Port}", new CollectingLog(), TimeSpan.FromMinutes(5)));

        Assert.That(error!.Code, Is.EqualTo("DOKKU6005"));
        Assert.That(error.Message, Does.Contain($"asked http://127.0.0.1:{registry.Port}/ with Host: hello.vm:{registry.Port}")
            .And.Contain("HTTP 404 Not Found (Server: Docker-Distribution/2.8)")
            .And.Contain("Make hello.vm resolve on this machine"));
    }

    [Test]
    public async Task Dokkus_proxy_answering_an_error_on_the_guessed_address_is_waited_for_and_the_failure_says_what_was_asked()
    {
        await using var proxy = new LoopbackHttpServer(502, "Bad Gateway", "nginx");

        var error = await Assert.ThrowsAsync<DeployException>(() => RunAsync("true", $"http://hello.vm:{proxy.Port}", new CollectingLog(), TimeSpan.Zero));

        Assert.That(error!.Code, Is.EqualTo("DOKKU6001"));
        Assert.That(error.Message, Does.Contain($"http://127.0.0.1:{proxy.Port}/ with Host: hello.vm:{proxy.Port} (hello.vm does not resolve here")
            .And.Contain("last: HTTP 502 Bad Gateway (Server: nginx)"));
    }

    [Test]
    public async Task A_url_that_resolves_is_asked_as_it_is_and_its_answer_is_not_second_guessed()
    {
        await using var other = new LoopbackHttpServer(404, "Not Found", "Apache");
        var log = new CollectingLog();

        var error = await Assert.ThrowsAsync<DeployException>(() => RunAsync("true", $"http://127.0.0.1:{other.Port}", log, TimeSpan.Zero));

        Assert.That(error!.Code, Is.EqualTo("DOKKU6001"));
        Assert.That(other.HostHeaders, Has.All.EqualTo($"127.0.0.1:{other.Port}"));
        Assert.That(log.Lines, Has.None.Contains("Checking"));
    }

    [TestCase("nginx/1.22.1", false)]
    [TestCase("openresty", false)]
    [TestCase("Caddy", false)]
    [TestCase("Kestrel", false)]
    [TestCase(null, false)]
    [TestCase("Docker-Distribution/2.8", true)]
    [TestCase("Apache/2.4.57 (Debian)", true)]
    public void Who_answered(string? server, bool anotherService) =>
        Assert.That(new HttpAnswer(404, "Not Found", server).IsFromAnotherService, Is.EqualTo(anotherService));
}
