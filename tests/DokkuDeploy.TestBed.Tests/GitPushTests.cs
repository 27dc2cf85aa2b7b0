using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Git;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Ssh;
using DokkuDeploy.Testing;
using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>
/// The `git` deploy method's push (libgit2 over our own SSH channel) against the stand-in's real
/// `git receive-pack` and pre-receive build: what arrives, what the user sees while it builds, and
/// every refusal happening before the server changes.
/// </summary>
[TestFixture]
public sealed class GitPushTests : StandInTestBase
{
    [Test]
    public async Task PushBuildsOnTheServerAndTheAppAnswersHttp()
    {
        var app = NewAppName();
        using var repository = await GitRepository.CreateAsync(NewApp("pushed with libgit2\n"));
        var log = new RecordingLog();

        var result = await new GitPusher(log).PushAsync(Request(repository.Directory, app), CancellationToken.None);

        var urls = DokkuOutput.DeployedUrls(result.RemoteLines);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.UpToDate, Is.False);
            Assert.That(result.BytesSent, Is.GreaterThan(0));
            Assert.That(urls, Has.Count.EqualTo(1), string.Join('\n', result.RemoteLines));
            Assert.That(log.Steps, Does.Contain($"  -----> Building {app} from Dockerfile"), "Dokku's steps reach the log as they arrive");
            Assert.That(log.Details.Any(d => d.StartsWith("Step 1/", StringComparison.Ordinal)), Is.True, "the build's own output is detail");
        }
        Assert.That(await GetBodyAsync(new Uri(urls[0])), Is.EqualTo("pushed with libgit2\n"));

        var again = await new GitPusher(new RecordingLog()).PushAsync(Request(repository.Directory, app), CancellationToken.None);
        Assert.That(again.UpToDate, Is.True, "the same commit again: the server has it, nothing is built");
    }

    [Test]
    public async Task PushReplacesTheHistoryAnImageDeployLeft()
    {
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "v1", "from an image\n");
        Assert.That((await LoadImageAsync(app, image)).ExitCode, Is.Zero);
        using var repository = await GitRepository.CreateAsync(NewApp("then from git\n"));

        var result = await new GitPusher(new RecordingLog()).PushAsync(Request(repository.Directory, app), CancellationToken.None);

        Assert.That(await GetBodyAsync(new Uri(DokkuOutput.DeployedUrls(result.RemoteLines)[0])), Is.EqualTo("then from git\n"));
    }

    [Test]
    public async Task TwoPushesAtOnceEachReachTheirOwnApp()
    {
        // libgit2's transport registration is process-wide: each push must still talk over its own channel.
        var (first, second) = (NewAppName(), NewAppName());
        using var one = await GitRepository.CreateAsync(NewApp("first\n"));
        using var two = await GitRepository.CreateAsync(NewApp("second\n"));

        var results = await Task.WhenAll(
            new GitPusher(new RecordingLog()).PushAsync(Request(one.Directory, first), CancellationToken.None),
            new GitPusher(new RecordingLog()).PushAsync(Request(two.Directory, second), CancellationToken.None));

        Assert.That(await GetBodyAsync(new Uri(DokkuOutput.DeployedUrls(results[0].RemoteLines)[0])), Is.EqualTo("first\n"));
        Assert.That(await GetBodyAsync(new Uri(DokkuOutput.DeployedUrls(results[1].RemoteLines)[0])), Is.EqualTo("second\n"));
    }

    [Test]
    public async Task AnUnknownHostKeyIsRefusedBeforeAnythingIsSent()
    {
        var app = NewAppName();
        using var repository = await GitRepository.CreateAsync(NewApp("never sent\n"));
        var emptyKnownHosts = Path.Combine(repository.Directory, ".git", "empty_known_hosts");
        await File.WriteAllTextAsync(emptyKnownHosts, "");
        var request = Request(repository.Directory, app) with { HostKeys = HostKeyPolicy.FromFiles([emptyKnownHosts]) };

        var error = await Assert.ThrowsAsync<DeployException>(() => new GitPusher(new RecordingLog()).PushAsync(request, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo("DOKKU4010"), error.Message);
        var exists = await Dokku.RunAsync($"apps:exists {app}");
        Assert.That(exists.ExitCode, Is.EqualTo(20), "receive-pack never ran: it would have created the app");
    }

    [Test]
    public async Task AFailedServerBuildIsACodedErrorWithTheBuildOutput()
    {
        var app = NewAppName();
        using var repository = await GitRepository.CreateAsync(NewApp("not built\n"));
        await File.AppendAllTextAsync(Path.Combine(repository.Directory, "Dockerfile"), "RUN echo the-build-step-fails && exit 3\n");
        await repository.CommitAllAsync("break the build");
        var log = new RecordingLog();

        var error = await Assert.ThrowsAsync<DeployException>(() => new GitPusher(log).PushAsync(Request(repository.Directory, app), CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error!.Code, Is.EqualTo("DOKKU7105"), error.Message);
            Assert.That(error.Message, Does.Contain("App build failed"));
            Assert.That(log.Details, Does.Contain("the-build-step-fails"), "the build's output was shown while it ran");
        }
    }

    [Test]
    public async Task CancellingDuringTheServerBuildStopsThePushPromptly()
    {
        var app = NewAppName();
        using var repository = await GitRepository.CreateAsync(NewApp("slow\n"));
        await File.AppendAllTextAsync(Path.Combine(repository.Directory, "Dockerfile"), "RUN echo slow-step-started && sleep 20\n");
        await repository.CommitAllAsync("a slow build");
        using var cancel = new CancellationTokenSource();
        var log = new RecordingLog(onDetail: line => { if (line == "slow-step-started") cancel.Cancel(); });

        var push = new GitPusher(log).PushAsync(Request(repository.Directory, app), cancel.Token);

        Assert.That(async () => await push.WaitAsync(TimeSpan.FromSeconds(15)), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task ADirtyTreeIsRefusedUnlessAllowed()
    {
        var app = NewAppName();
        using var repository = await GitRepository.CreateAsync(NewApp("committed\n"));
        await File.WriteAllTextAsync(Path.Combine(repository.Directory, "index.html"), "not committed\n");

        var error = Assert.Throws<DeployException>(() => GitCommitCheck.HeadToDeploy(repository.Directory, allowDirty: false, new RecordingLog()));
        Assert.That(error!.Code, Is.EqualTo("DOKKU7103"), error.Message);

        var log = new RecordingLog();
        var commit = GitCommitCheck.HeadToDeploy(repository.Directory, allowDirty: true, log);
        var result = await new GitPusher(log).PushAsync(Request(repository.Directory, app, commit), CancellationToken.None);

        Assert.That(log.Warnings.Select(w => w.Code), Does.Contain("DOKKU7104"));
        Assert.That(await GetBodyAsync(new Uri(DokkuOutput.DeployedUrls(result.RemoteLines)[0])), Is.EqualTo("committed\n"), "the commit, without the change");
    }

    GitPushRequest Request(string directory, string app, string? commit = null) => new(
        directory,
        commit ?? GitCommitCheck.HeadToDeploy(directory, allowDirty: false, new RecordingLog()),
        app,
        $"{TestBed.SshUser}@{TestBed.SshHost}",
        new SshTarget(TestBed.SshHost, TestBed.SshPort, TestBed.SshUser),
        SshCredentials.FromKeyFiles([TestBed.SshKeyPath]),
        HostKeyPolicy.FromFiles([TestBed.KnownHostsPath]));

    sealed class RecordingLog(Action<string>? onDetail = null) : IDeployLog
    {
        readonly List<string> steps = [];
        readonly List<string> details = [];
        readonly List<(string Code, string Message)> warnings = [];

        public IReadOnlyList<string> Steps { get { lock (steps) return steps.ToList(); } }
        public IReadOnlyList<string> Details { get { lock (details) return details.ToList(); } }
        public IReadOnlyList<(string Code, string Message)> Warnings { get { lock (warnings) return warnings.ToList(); } }

        public void Step(string message) { lock (steps) steps.Add(message); TestContext.Progress.WriteLine(message); }
        public void Detail(string message) { lock (details) details.Add(message); onDetail?.Invoke(message); }
        public void Warning(string code, string message) { lock (warnings) warnings.Add((code, message)); }
    }
}
