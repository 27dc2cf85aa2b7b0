using System.Globalization;
using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Operate;
using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>
/// MSBuild reuses its worker nodes, and Visual Studio keeps them for hours: whatever one deploy leaves behind (a
/// thread, a socket, a buffer of server output) piles up deploy after deploy. This process is such a node: it runs
/// the core's deploy 30 times (each followed by the app's logs) and finds threads, sockets and memory where they were
/// after a warm-up.
/// Not parallel with other tests: their threads and sockets would be counted as this one's.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class LongLivedNodeTests : StandInTestBase
{
    const int Deploys = 30;

    // Tolerances, each far below what one leak per deploy would add over 30 deploys (30 threads, 30 sockets):
    // the thread pool grows and shrinks on its own by a few threads; a socket may be mid-close; the GC keeps some
    // slack, and RSS holds pages the runtime has not returned to the system.
    const int ThreadTolerance = 6;
    const int SocketTolerance = 2;
    const long ManagedToleranceBytes = 8L * 1024 * 1024;
    const long RssToleranceBytes = 64L * 1024 * 1024;

    [Test]
    public async Task Thirty_deploys_in_one_process_leave_threads_sockets_and_memory_at_their_baseline()
    {
        var app = NewAppName();
        var scratch = Directory.CreateTempSubdirectory("dokkudeploy-node-").FullName;
        try
        {
            NewApp("one node, many deploys\n", servesGreeting: true).WriteContext(scratch);
            RemoveAfterTest($"dokkudeploy-tb/{app}:v1");
            var request = Request(app, scratch);
            var environment = Environment(scratch);
            var log = new CountingLog();

            // Warm-up: the first deploy creates the app and sends the image; the second is the "already deployed" path
            // every later one takes (the server has every layer: nothing is sent). With a `logs`, they load and JIT all the code.
            var first = await new Deployer(log, environment).DeployAsync(request, CancellationToken.None);
            Assert.That(first.AlreadyDeployed, Is.False, log.ToString());
            Assert.That((await new Deployer(log, environment).DeployAsync(request, CancellationToken.None)).AlreadyDeployed, Is.True, log.ToString());
            await new AppOperator(log, environment).LogsAsync(Operate(app, scratch), 1000, CancellationToken.None);
            var baseline = await ResourceUse.SettledAsync(null);
            TestContext.Out.WriteLine($"baseline after 2 warm-up deploys: {baseline}");

            for (var i = 0; i < Deploys; i++)
            {
                var report = await new Deployer(log, environment).DeployAsync(request, CancellationToken.None);
                Assert.That(report.AlreadyDeployed, Is.True, $"deploy {i + 1}: {log}");
                // And what a developer runs between deploys: the app's logs, streamed through the same kind of connection.
                Assert.That(await new AppOperator(log, environment).LogsAsync(Operate(app, scratch), 1000, CancellationToken.None), Is.Positive, log.ToString());
            }

            var after = await ResourceUse.SettledAsync(baseline);
            TestContext.Out.WriteLine($"after {Deploys} more deploys: {after}");
            TestContext.Out.WriteLine($"server lines seen by the log: {log.Lines:N0}");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(after.Threads, Is.LessThanOrEqualTo(baseline.Threads + ThreadTolerance), "threads");
                Assert.That(after.Sockets, Is.LessThanOrEqualTo(baseline.Sockets + SocketTolerance), "sockets");
                Assert.That(after.ManagedBytes, Is.LessThanOrEqualTo(baseline.ManagedBytes + ManagedToleranceBytes), "managed memory after a full GC");
                Assert.That(after.RssBytes, Is.LessThanOrEqualTo(baseline.RssBytes + RssToleranceBytes), "resident set");
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    DeployRequest Request(string app, string directory) => new()
    {
        ProjectDirectory = directory,
        PublishDirectory = directory,
        EntryAssembly = "unused.dll",
        Dockerfile = Path.Combine(directory, "Dockerfile"),
        GeneratedDockerfilePath = Path.Combine(directory, "obj", "Dockerfile"),
        ImageName = $"dokkudeploy-tb/{app}",
        ImageTag = "v1",
        Remote = $"ssh://{TestBed.SshUser}@{TestBed.SshHost}:{TestBed.SshPort}/{app}",
        SshKeyFile = TestBed.SshKeyPath,
        KnownHostsFiles = [TestBed.KnownHostsPath],
        HealthCheckPath = "false",
        // Compared with the server's on every deploy (config:export): unchanged after the first, so no release.
        Config = new Dictionary<string, string> { ["GREETING"] = "node" },
    };

    OperateRequest Operate(string app, string directory) => new()
    {
        ProjectDirectory = directory,
        Remote = $"ssh://{TestBed.SshUser}@{TestBed.SshHost}:{TestBed.SshPort}/{app}",
        SshKeyFile = TestBed.SshKeyPath,
        KnownHostsFiles = [TestBed.KnownHostsPath],
    };

    Func<string, string?> Environment(string scratch)
    {
        var values = new Dictionary<string, string>
        {
            ["DOCKER_HOST"] = TestBed.DockerHost,
            ["DOCKER_BUILDKIT"] = "0",
            // The deploy history (which layers the server holds) and ~/.ssh of this test alone.
            ["XDG_CACHE_HOME"] = Path.Combine(scratch, "cache"),
            ["HOME"] = Path.Combine(scratch, "home"),
        };
        return name => values.GetValueOrDefault(name);
    }

    /// <summary>Counts what the core logs without keeping it: a log that kept every line would be the leak measured.</summary>
    sealed class CountingLog : IDeployLog
    {
        readonly Queue<string> last = new();
        long lines;

        public long Lines => Interlocked.Read(ref lines);

        public void Step(string message) => Keep(message);

        public void Detail(string message) => Keep(message);

        public void Warning(string code, string message) => Keep($"warning {code}: {message}");

        void Keep(string message)
        {
            Interlocked.Increment(ref lines);
            lock (last)
            {
                last.Enqueue(message);
                if (last.Count > 40)
                    last.Dequeue();
            }
        }

        public override string ToString()
        {
            lock (last)
                return "last lines logged:\n" + string.Join("\n", last);
        }
    }

    /// <summary>This process's threads, sockets and memory, read from /proc after a full GC.</summary>
    sealed record ResourceUse(int Threads, int Sockets, long ManagedBytes, long RssBytes)
    {
        /// <summary>
        /// Measures after the runtime has had a chance to finish what ends on its own: finalizers, a socket's close,
        /// a reader thread seeing the end of its stream. Measured again (up to a minute) while above the tolerance of
        /// <paramref name="baseline"/>: what ends late is not a leak, and a leak never comes back.
        /// </summary>
        public static async Task<ResourceUse> SettledAsync(ResourceUse? baseline)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                var now = Measure();
                if (baseline is null || now.Within(baseline) || DateTime.UtcNow > deadline)
                    return now;
            }
        }

        bool Within(ResourceUse baseline) =>
            Threads <= baseline.Threads + ThreadTolerance && Sockets <= baseline.Sockets + SocketTolerance
            && ManagedBytes <= baseline.ManagedBytes + ManagedToleranceBytes && RssBytes <= baseline.RssBytes + RssToleranceBytes;

        static ResourceUse Measure()
        {
            for (var i = 0; i < 3; i++)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
            }

            var status = File.ReadAllLines("/proc/self/status");
            var sockets = Directory.EnumerateFileSystemEntries("/proc/self/fd")
                .Count(fd => new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:", StringComparison.Ordinal));
            return new ResourceUse(
                int.Parse(Field(status, "Threads:"), CultureInfo.InvariantCulture),
                sockets,
                GC.GetTotalMemory(forceFullCollection: true),
                long.Parse(Field(status, "VmRSS:").Split(' ')[0], CultureInfo.InvariantCulture) * 1024);
        }

        static string Field(string[] status, string name) =>
            status.Single(line => line.StartsWith(name, StringComparison.Ordinal))[name.Length..].Trim();

        public override string ToString() =>
            $"{Threads} threads, {Sockets} sockets, managed {ManagedBytes / 1048576.0:0.0} MiB, RSS {RssBytes / 1048576.0:0.0} MiB";
    }
}
