using System.Net.Sockets;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Tests.Docker;

/// <summary>
/// Connecting waits for a slow engine (a socket-activated one starts on the first request), says that it waits,
/// gives up with DOKKU3001 after its limit, stops at once on cancel, and never waits for a socket that is not there.
/// Every wait here is either signalled or far longer than the test: none races the clock.
/// </summary>
public sealed class DockerEngineConnectTests
{
    // Longer than any test may take: a test that finishes passed without waiting for it.
    static readonly TimeSpan Forever = TimeSpan.FromMinutes(10);

    // Only a guard against a hang; a test that needs it has already failed.
    static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    [Test]
    public async Task An_engine_that_answers_is_connected_at_the_API_version_it_offers()
    {
        using var engine = new SlowUnixEngine();
        engine.Answer();
        var log = new SignallingLog();

        using var docker = await ConnectAsync(engine.Uri, log, new DockerConnectWait(Forever, NoticeAfter: Forever), CancellationToken.None);

        Assert.That(docker.ApiVersion, Is.EqualTo("1.41"));
        Assert.That(log.Steps, Has.None.Contains("Waiting"));
    }

    [Test]
    public async Task An_engine_that_takes_the_connection_but_never_answers_is_DOKKU3001_after_the_limit()
    {
        using var engine = new SlowUnixEngine();

        var error = await FailsAsync(() => ConnectAsync(engine.Uri, new SignallingLog(), new DockerConnectWait(TimeSpan.FromSeconds(1), Forever), CancellationToken.None));

        Assert.That(error.Code, Is.EqualTo("DOKKU3001"), error.Message);
        Assert.That(error.Message, Does.Contain(engine.Uri.ToString()).And.Contain("no answer within 1 s"));
    }

    [Test]
    public async Task While_the_engine_is_slow_it_says_what_it_waits_for_and_then_connects()
    {
        using var engine = new SlowUnixEngine();
        var log = new SignallingLog();
        var connect = ConnectAsync(engine.Uri, log, new DockerConnectWait(TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(10)), CancellationToken.None);

        await log.FirstStep.WaitAsync(HangGuard);
        engine.Answer();
        using var docker = await connect.WaitAsync(HangGuard);

        Assert.That(docker.ApiVersion, Is.EqualTo("1.41"));
        Assert.That(log.Steps.Single(), Is.EqualTo($"Waiting up to 300 s for the Docker engine at {engine.Uri} to answer " +
            "(a socket-activated engine such as rootless Podman can take a few seconds to start)…"));
    }

    [Test]
    public async Task Cancelling_while_the_engine_is_silent_cancels_at_once_instead_of_reporting_a_broken_engine()
    {
        using var engine = new SlowUnixEngine();
        using var cancel = new CancellationTokenSource();
        var connect = ConnectAsync(engine.Uri, new SignallingLog(), new DockerConnectWait(Forever, Forever), cancel.Token);

        await engine.RequestRead.WaitAsync(HangGuard);
        await cancel.CancelAsync();

        var thrown = await Assert.CatchAsync<OperationCanceledException>(async () => await connect.WaitAsync(HangGuard));
        Assert.That(thrown!.CancellationToken, Is.EqualTo(cancel.Token));
    }

    [Test]
    public async Task A_socket_path_that_does_not_exist_fails_at_once_with_DOKKU3001()
    {
        var missing = Path.Combine(Path.GetTempPath(), "dd-missing-" + Guid.NewGuid().ToString("N")[..8], "docker.sock");
        var log = new SignallingLog();

        // With no limit to speak of, only an immediate failure passes the hang guard.
        var error = await FailsAsync(() => ConnectAsync(new Uri("unix://" + missing), log, new DockerConnectWait(Forever, Forever), CancellationToken.None));

        Assert.That(error.Code, Is.EqualTo("DOKKU3001"), error.Message);
        Assert.That(error.Message, Does.Contain($"unix://{missing} (from test): the socket does not exist. "));
        TestContext.Out.WriteLine(error.Message);
    }

    [Test]
    public async Task A_socket_that_nobody_listens_on_is_refused_at_once_with_DOKKU3001()
    {
        var directory = Directory.CreateTempSubdirectory("dd-engine-");
        try
        {
            var path = Path.Combine(directory.FullName, "docker.sock");
            // Bound but not listening, as an engine's socket is after the engine died: connecting is refused.
            using var bound = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            bound.Bind(new UnixDomainSocketEndPoint(path));

            var error = await FailsAsync(() => ConnectAsync(new Uri("unix://" + path), new SignallingLog(), new DockerConnectWait(Forever, Forever), CancellationToken.None));

            Assert.That(error.Code, Is.EqualTo("DOKKU3001"), error.Message);
            Assert.That(error.Message, Does.Contain(path).And.Contain("refused"));
            TestContext.Out.WriteLine(error.Message);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    static Task<DockerEngine> ConnectAsync(Uri uri, IDeployLog log, DockerConnectWait wait, CancellationToken cancellationToken) =>
        DockerEngine.ConnectAsync(new DockerEndpoint(uri, "test"), log, wait, cancellationToken);

    static async Task<DeployException> FailsAsync(Func<Task<DockerEngine>> connect)
    {
        try
        {
            (await connect().WaitAsync(HangGuard)).Dispose();
        }
        catch (DeployException e)
        {
            return e;
        }

        Assert.Fail("connected, but a coded error was expected");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Records the steps and signals the first, which the connect logs from its own thread.</summary>
    sealed class SignallingLog : IDeployLog
    {
        readonly TaskCompletionSource firstStep = new(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly List<string> steps = new();

        public Task FirstStep => firstStep.Task;

        public IReadOnlyList<string> Steps
        {
            get
            {
                lock (steps)
                    return steps.ToList();
            }
        }

        public void Step(string message)
        {
            lock (steps)
                steps.Add(message);
            firstStep.TrySetResult();
        }

        public void Detail(string message)
        {
        }

        public void Warning(string code, string message)
        {
        }
    }
}
