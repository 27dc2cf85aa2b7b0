using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Tests.Dokku;

namespace DokkuDeploy.Tests.Deploy;

/// <summary>The wait for an app's deploy lock, on a clock the test moves: no test sleeps.</summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class DeployLockWaitTests
{
    sealed class ManualClock : TimeProvider
    {
        long ticks;

        public List<TimeSpan> Sleeps { get; } = [];

        public TimeSpan Now => TimeSpan.FromTicks(ticks);

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => ticks;

        public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero) + Now;

        public Task Sleep(TimeSpan pause, CancellationToken cancellationToken)
        {
            Sleeps.Add(pause);
            ticks += pause.Ticks;
            return Task.CompletedTask;
        }
    }

    static readonly RunningBuild Build = new("mtwy43mte1do5q", "git:load-image", 4242, new DateTimeOffset(2026, 11, 26, 11, 59, 30, TimeSpan.Zero));

    readonly ManualClock clock = new();
    readonly RecordingLog log = new();

    DeployLockWait Wait(TimeSpan timeout, Func<TimeSpan, DeployLockState> stateAt, List<TimeSpan>? probes = null) =>
        new("shop", timeout, _ =>
        {
            probes?.Add(clock.Now);
            return Task.FromResult(stateAt(clock.Now));
        }, log, clock, clock.Sleep);

    static Exception TimedOut(DeployLockState state, TimeSpan waited) =>
        DeployErrors.DeployLockTimedOut("shop", "dokku@example.com", "ssh dokku@example.com", state.Holder, waited, state.Build is not null);

    [Test]
    public async Task A_free_lock_costs_one_question_and_says_nothing()
    {
        var probes = new List<TimeSpan>();

        await Wait(TimeSpan.FromMinutes(5), _ => DeployLockState.Free, probes).UntilFreeAsync(TimedOut, CancellationToken.None);

        Assert.That(probes, Has.Count.EqualTo(1));
        Assert.That(clock.Sleeps, Is.Empty);
        Assert.That(log.Everything, Is.Empty);
    }

    [Test]
    public async Task A_running_deploy_is_waited_for_with_a_line_every_ten_seconds_not_every_poll()
    {
        var probes = new List<TimeSpan>();
        var locked = new DeployLockState(true, Build, BuildsKnown: true);

        await Wait(TimeSpan.FromMinutes(5), now => now < TimeSpan.FromSeconds(25) ? locked : DeployLockState.Free, probes)
            .UntilFreeAsync(TimedOut, CancellationToken.None);

        var waiting = log.Steps.Where(s => s.StartsWith("Waiting for the deploy lock of 'shop'", StringComparison.Ordinal)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(probes, Has.Count.EqualTo(14), "asked every 2 s from 0 to 26 s");
            Assert.That(waiting, Has.Count.EqualTo(3), "said at 0, 10 and 20 s");
            Assert.That(waiting[0], Does.Contain("git:load-image").And.Contain("build mtwy43mte1do5q").And.Contain("pid 4242")
                .And.Contain("started 11:59:30 UTC").And.Contain("up to 5 min more"));
            Assert.That(waiting[2], Does.Contain("up to 4 min 40 s more"));
            Assert.That(log.Steps[^1], Is.EqualTo("'shop' is free after 26 s: deploying."));
            Assert.That(clock.Sleeps, Is.All.EqualTo(DeployLockWait.PollInterval));
        }
    }

    [Test]
    public async Task A_stale_apps_lock_fails_at_the_timeout_with_what_to_do()
    {
        var stale = new DeployLockState(true, null, BuildsKnown: true);

        var error = await Assert.ThrowsAsync<DeployException>(() => Wait(TimeSpan.FromSeconds(7), _ => stale).UntilFreeAsync(TimedOut, CancellationToken.None));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error!.Code, Is.EqualTo("DOKKU5018"));
            Assert.That(error.Message, Does.Contain("after 7 s").And.Contain("apps:lock").And.Contain("ssh dokku@example.com apps:unlock shop"));
            Assert.That(clock.Now, Is.EqualTo(TimeSpan.FromSeconds(7)), "the last pause is cut to the deadline");
            Assert.That(clock.Sleeps[^1], Is.EqualTo(TimeSpan.FromSeconds(1)));
        }
    }

    [Test]
    public async Task A_timeout_of_zero_fails_at_once_without_waiting()
    {
        var locked = new DeployLockState(true, Build, BuildsKnown: true);

        var error = await Assert.ThrowsAsync<DeployException>(() => Wait(TimeSpan.Zero, _ => locked).UntilFreeAsync(TimedOut, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo("DOKKU5018"));
        Assert.That(error.Message, Does.Contain("ssh dokku@example.com builds:list shop"), "a running deploy: let it finish");
        Assert.That(clock.Sleeps, Is.Empty);
    }

    [Test]
    public async Task A_deploy_Dokku_refused_for_its_lock_waits_and_goes_again_knowing_it_is_a_second_attempt()
    {
        var attempts = new List<bool>();
        var locked = new DeployLockState(true, Build, BuildsKnown: true);
        var wait = Wait(TimeSpan.FromMinutes(1), now => now < TimeSpan.FromSeconds(6) ? locked : DeployLockState.Free);

        var result = await wait.RetryWhileRefusedAsync((again, _) =>
        {
            attempts.Add(again);
            return attempts.Count == 1
                ? throw DeployErrors.DeployLockRefused("shop", "dokku@example.com", "shop currently has a deploy lock in place. Exiting...")
                : Task.FromResult("deployed");
        }, TimedOut, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.EqualTo("deployed"));
            Assert.That(attempts, Is.EqualTo(new[] { false, true }));
            Assert.That(clock.Now, Is.EqualTo(TimeSpan.FromSeconds(6)));
            Assert.That(log.Steps[0], Does.StartWith("Dokku refused to deploy 'shop'"));
        }
    }

    [Test]
    public async Task Refusals_count_against_the_same_deadline()
    {
        var locked = new DeployLockState(true, Build, BuildsKnown: true);
        var wait = Wait(TimeSpan.FromSeconds(9), _ => locked);

        var error = await Assert.ThrowsAsync<DeployException>(() => wait.RetryWhileRefusedAsync<string>(
            (_, _) => throw DeployErrors.DeployLockRefused("shop", "dokku@example.com", "locked"), TimedOut, CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo("DOKKU5018"));
        Assert.That(clock.Now, Is.EqualTo(TimeSpan.FromSeconds(9)));
    }

    [TestCase("", 300)]
    [TestCase(" 45 ", 45)]
    [TestCase("0", 0)]
    [TestCase("00:01:30", 90)]
    public void DokkuLockTimeout_takes_seconds_or_a_time_span(string value, int seconds) =>
        Assert.That(DeployLockWait.ParseTimeout(value), Is.EqualTo(TimeSpan.FromSeconds(seconds)));

    [TestCase("soon")]
    [TestCase("-5")]
    [TestCase("5min")]
    public void DokkuLockTimeout_that_is_no_time_is_DOKKU1126(string value)
    {
        var error = Assert.Throws<DeployException>(() => DeployLockWait.ParseTimeout(value));
        Assert.That(error!.Code, Is.EqualTo("DOKKU1126"));
    }
}
