using System.Diagnostics;
using System.Globalization;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Ssh;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Ssh;

/// <summary>
/// A reused MSBuild node runs many deploys in one process: a remote command, and a shell once disposed, must leave no
/// thread and no socket behind, even when the link froze. Counted from /proc/self for this whole process (the unit
/// tests run one at a time), with a tolerance of a few threads the thread pool adds or retires on its own.
/// </summary>
[Category("Sshd")]
[NonParallelizable]
public class ShellResourceTests
{
    /// <summary>Only ever a guard against a hang, never a speed claim.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    private const int ThreadTolerance = 4;

    private ThrowawaySshd _sshd = null!;

    [OneTimeSetUp]
    public void StartServer() => _sshd = ThrowawaySshd.Start();

    [OneTimeTearDown]
    public void StopServer() => _sshd?.Dispose();

    private Task<SshRemoteShell> ConnectAsync(SshConnectOptions? options = null, IDeployLog? log = null) =>
        SshRemoteShell.ConnectAsync(
            new SshTarget(_sshd.Host, _sshd.Port, _sshd.User),
            SshCredentials.FromKeyFiles([_sshd.ClientKey]),
            new HostKeyPolicy(KnownHostsFile.Parse(_sshd.KnownHostsLine())),
            log ?? new CollectingLog(),
            options ?? SshConnectOptions.Default,
            CancellationToken.None);

    [Test]
    public async Task SSH_NETs_socket_is_within_reach_so_that_a_stuck_connection_can_be_dropped()
    {
        // Pins the SSH.NET internals SshConnectionBreaker reaches: an SSH.NET update that moves them fails here.
        using var login = await SshLogin.ConnectAsync(
            new SshTarget(_sshd.Host, _sshd.Port, _sshd.User), SshCredentials.FromKeyFiles([_sshd.ClientKey]),
            new HostKeyPolicy(KnownHostsFile.Parse(_sshd.KnownHostsLine())), new CollectingLog(), SshConnectOptions.Default, null, CancellationToken.None);

        Assert.That(SshConnectionBreaker.SocketOf(login.Client), Is.Not.Null.And.Property("Connected").True);
        Assert.That(SshConnectionBreaker.TryBreak(login.Client), Is.True);

        var watch = Stopwatch.StartNew();
        while (login.Client.IsConnected && watch.Elapsed < HangGuard)
        {
            await Task.Delay(50);
        }

        Assert.That(login.Client.IsConnected, Is.False, "SSH.NET saw its connection end");
    }

    [Test]
    public async Task Finished_and_cancelled_commands_and_disposed_shells_leave_no_thread_or_socket_behind()
    {
        // Warm up: the first connection loads and JITs SSH.NET and starts the thread pool's threads.
        await using (var warm = await ConnectAsync())
        {
            await warm.RunAsync("echo warm", null, _ => { }, _ => { }, CancellationToken.None);
        }

        var before = await ProcessResources.SettledAsync(null, ThreadTolerance);
        var log = new CollectingLog();
        for (var i = 0; i < 5; i++)
        {
            await using var shell = await ConnectAsync(new SshConnectOptions { CancelGracePeriod = TimeSpan.FromMilliseconds(500) }, log);
            for (var j = 0; j < 3; j++)
            {
                var (exit, lines) = await RunAsync(shell, $"echo {j}; echo err >&2", CancellationToken.None);
                Assert.That((exit, lines), Is.EqualTo((0, 2)));
            }

            // A command that ends without reading its input: the write it never took ends when the shell closes.
            var (early, _) = (await shell.RunAsync("head -c 1000 > /dev/null; exit 1", async (stdin, ct) =>
            {
                var chunk = new byte[1024 * 1024];
                for (var k = 0; k < 20; k++)
                {
                    await stdin.WriteAsync(chunk, ct);
                }
            }, _ => { }, _ => { }, CancellationToken.None).WaitAsync(HangGuard), 0);
            Assert.That(early, Is.EqualTo(1));

            // A command the server does not stop when asked: the shell drops the connection for it.
            using var cancel = new CancellationTokenSource();
            var started = new TaskCompletionSource();
            var stubborn = shell.RunAsync("trap '' TERM INT; echo started; sleep 3600", null, _ => started.TrySetResult(), _ => { }, cancel.Token);
            await started.Task.WaitAsync(HangGuard);
            await cancel.CancelAsync();
            Assert.That(async () => await stubborn.WaitAsync(HangGuard), Throws.InstanceOf<OperationCanceledException>());
        }

        var after = await ProcessResources.SettledAsync(before, ThreadTolerance);
        TestContext.Out.WriteLine($"before: {before}; after 5 shells, 15 commands, 5 that stopped reading and 5 cancelled ones: {after}");
        TestContext.Out.WriteLine(string.Join("\n", log.Lines.Where(l => !l.Contains("Connect", StringComparison.Ordinal))));
        Assert.That(after.Threads, Is.LessThanOrEqualTo(before.Threads + ThreadTolerance), "threads");
        Assert.That(after.Sockets, Is.LessThanOrEqualTo(before.Sockets), "sockets");
    }

    [Test]
    public async Task A_link_that_freezes_mid_transfer_leaves_no_thread_or_socket_behind_once_the_shell_is_disposed()
    {
        await using (var warm = await ConnectAsync())
        {
            await warm.RunAsync("echo warm", null, _ => { }, _ => { }, CancellationToken.None);
        }

        var before = await ProcessResources.SettledAsync(null, ThreadTolerance);
        var log = new CollectingLog();
        var shell = await ConnectAsync(new SshConnectOptions { InputStallTimeout = TimeSpan.FromSeconds(3), CancelGracePeriod = TimeSpan.FromSeconds(1) }, log);
        var sshdPid = new TaskCompletionSource<int>();
        try
        {
            // The sshd process serving this connection is stopped: it takes no more bytes and answers nothing, as a
            // link that went silent. The image-like input keeps coming until the stall watchdog gives up.
            var run = shell.RunAsync(
                "echo $PPID; sleep 1; kill -STOP $PPID; cat > /dev/null",
                async (stdin, ct) =>
                {
                    var chunk = new byte[1024 * 1024];
                    while (true)
                    {
                        await stdin.WriteAsync(chunk, ct);
                    }
                },
                line => sshdPid.TrySetResult(int.Parse(line, CultureInfo.InvariantCulture)),
                _ => { },
                CancellationToken.None);
            await sshdPid.Task.WaitAsync(HangGuard);

            var error = await Assert.ThrowsAsync<DeployException>(() => run.WaitAsync(HangGuard));
            Assert.That(error!.Code, Is.EqualTo("DOKKU4030"), string.Join("\n", log.Lines));
            await shell.DisposeAsync().AsTask().WaitAsync(HangGuard);

            var after = await ProcessResources.SettledAsync(before, ThreadTolerance);
            TestContext.Out.WriteLine($"before: {before}; after the frozen link's shell was disposed: {after}");
            TestContext.Out.WriteLine(string.Join("\n", log.Lines));
            Assert.That(after.Threads, Is.LessThanOrEqualTo(before.Threads + ThreadTolerance), "threads");
            Assert.That(after.Sockets, Is.LessThanOrEqualTo(before.Sockets), "sockets");
        }
        finally
        {
            await shell.DisposeAsync();
            if (sshdPid.Task.IsCompletedSuccessfully)
            {
                // Thawed to find its connection gone, it exits.
                Process.Start("kill", ["-CONT", sshdPid.Task.Result.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
            }
        }
    }

    private static async Task<(int ExitCode, int Lines)> RunAsync(SshRemoteShell shell, string command, CancellationToken cancellationToken)
    {
        var lines = 0;
        var exit = await shell.RunAsync(command, null, _ => lines++, _ => lines++, cancellationToken).WaitAsync(HangGuard);
        return (exit, lines);
    }

    /// <summary>This process's threads and sockets (/proc/self), after a full GC and its finalizers.</summary>
    private sealed record ProcessResources(int Threads, int Sockets)
    {
        /// <summary>Measured again while above <paramref name="baseline"/> (up to a minute): what ends late is not a leak.</summary>
        public static async Task<ProcessResources> SettledAsync(ProcessResources? baseline, int threadTolerance)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
            while (true)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                var status = File.ReadAllLines("/proc/self/status");
                var now = new ProcessResources(
                    int.Parse(status.Single(l => l.StartsWith("Threads:", StringComparison.Ordinal))["Threads:".Length..].Trim(), CultureInfo.InvariantCulture),
                    Directory.EnumerateFileSystemEntries("/proc/self/fd").Count(fd => new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true));
                if (baseline is null || (now.Threads <= baseline.Threads + threadTolerance && now.Sockets <= baseline.Sockets) || DateTime.UtcNow > deadline)
                {
                    return now;
                }
            }
        }
    }
}
