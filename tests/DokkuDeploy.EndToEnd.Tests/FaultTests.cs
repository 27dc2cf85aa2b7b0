using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// Faults injected into real deploys (issue 5): the SSH connection reset or gone silent mid-transfer
/// (a relay the test controls), Docker unreachable or dying mid-transfer, a wrong key passphrase, a
/// release that fails its health check, Ctrl+C during the transfer, and two deploys at once. Each
/// asserts what the user sees (one coded error that names what to fix, no stack trace) and that the
/// app that ran before still answers with its old body, with no half-started container left beside it.
/// sshd down and a wrong key are in <see cref="RefusalTests"/>.
/// </summary>
[NonParallelizable]
public sealed partial class FaultTests
{
    const long MiB = 1 << 20;

    TestBedEnvironment testBed = null!;
    SampleWorkspace workspace = null!;
    string app = "";

    // Keys, sockets and known_hosts files of the tests: outside the workspace, which is a git repository.
    string scratch = "";

    // What runs on the server now, and the greeting Program.cs holds now.
    string url = "";
    string body = "";
    string greeting = "Hello from HelloDokku!";

    [OneTimeSetUp]
    public async Task DeployTheSampleOnce()
    {
        testBed = TestBedEnvironment.Require();
        scratch = Directory.CreateTempSubdirectory("dokkudeploy-fault-").FullName;
        workspace = await SampleWorkspace.CreateAsync();
        app = $"e2e-{Guid.NewGuid():N}"[..12];
        var first = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        url = DeployRun.AppUrl(first);
        body = "Hello from HelloDokku!";
        Assert.That(await DeployRun.GetAsync(url), Is.EqualTo(body));
    }

    [OneTimeTearDown]
    public async Task DestroyApp()
    {
        if (testBed is not null)
        {
            await new StandInShell(testBed).RunAsync($"--force apps:destroy {app}");
        }

        workspace?.Dispose();
        if (Directory.Exists(scratch))
        {
            Directory.Delete(scratch, recursive: true);
        }

        foreach (var cache in Directory.EnumerateDirectories(Path.GetTempPath(), Path.GetFileName(workspace?.Root ?? "none") + "-*"))
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Test]
    public async Task A_connection_cut_during_the_transfer_is_a_coded_error_within_30_s_and_the_next_deploy_succeeds()
    {
        await ChangeGreetingAsync("Hello after a cut connection");
        var configBefore = await NewConfigForTheNextDeployAsync();
        await using var relay = new FaultRelay(testBed.SshHost, testBed.SshPort, cutAfterClientBytes: 4 * MiB);
        using var publish = FaultPublish.Start(workspace, ArgumentsThrough(relay), FreshCache());

        var exit = publish.WaitForExitAsync(TimeSpan.FromMinutes(4));
        await Task.WhenAny(relay.Cut, exit);
        Assert.That(relay.Cut.IsCompleted, Is.True, "the deploy ended before the relay cut it:\n" + publish.Output);
        var sinceCut = Stopwatch.StartNew();
        var (result, _) = await exit;
        var seconds = sinceCut.Elapsed.TotalSeconds;
        TestContext.Out.WriteLine($"cut after {relay.ClientBytes / (double)MiB:0.0} MiB; dotnet exited {seconds:0.0} s after the cut");
        TestContext.Out.WriteLine(ErrorLine(result));

        await AssertFailedAsync(result, "DOKKU4030");
        Assert.That(result.StandardOutput, Does.Contain($"127.0.0.1:{relay.Port}"), "names the server it lost");
        Assert.That(result.StandardOutput, Does.Contain("git:load-image"), "names the command that was running");
        Assert.That(seconds, Is.LessThan(30), "a coded error within 30 s of the cut");
        await AssertNothingLeftOnTheServerAsync();
        await AssertConfigPutBackAsync(result, configBefore);

        await AssertTheNextDeploySucceedsAsync();
    }

    [Test]
    public async Task A_link_that_goes_silent_during_the_transfer_is_a_coded_error_within_30_s()
    {
        await ChangeGreetingAsync("Hello after a silent link");
        await using var relay = new FaultRelay(testBed.SshHost, testBed.SshPort, cutAfterClientBytes: 4 * MiB, freezeInsteadOfCut: true);
        using var publish = FaultPublish.Start(workspace, ArgumentsThrough(relay), FreshCache());

        var exit = publish.WaitForExitAsync(TimeSpan.FromMinutes(4));
        await Task.WhenAny(relay.Cut, exit);
        Assert.That(relay.Cut.IsCompleted, Is.True, "the deploy ended before the relay froze it:\n" + publish.Output);
        var sinceFreeze = Stopwatch.StartNew();
        var (result, _) = await exit;
        var seconds = sinceFreeze.Elapsed.TotalSeconds;
        TestContext.Out.WriteLine($"froze after {relay.ClientBytes / (double)MiB:0.0} MiB; dotnet exited {seconds:0.0} s after the freeze");
        TestContext.Out.WriteLine(ErrorLine(result));

        await AssertFailedAsync(result, "DOKKU4030");
        Assert.That(result.StandardOutput, Does.Contain($"127.0.0.1:{relay.Port}"), "names the server it lost");
        Assert.That(seconds, Is.LessThan(30), "a coded error within 30 s of the link going silent");
        await AssertNothingLeftOnTheServerAsync();
    }

    [Test]
    public async Task A_Docker_engine_that_dies_while_the_image_streams_is_a_coded_error()
    {
        await ChangeGreetingAsync("Hello after Docker died");
        var configBefore = await NewConfigForTheNextDeployAsync();
        // Docker's answers before the save (version, build output, inspect) are a few KB: 20 MiB is inside `docker save`.
        var socketPath = Path.Combine(scratch, "docker-relay.sock");
        await using var relay = new FaultRelay(socketPath, testBed.DockerSocketPath, cutAfterServerBytes: 20 * MiB);
        var environment = FreshCache();
        environment["DOCKER_HOST"] = $"unix://{socketPath}";
        using var publish = FaultPublish.Start(workspace, DeployRun.Arguments(testBed, app), environment);
        var (result, _) = await publish.WaitForExitAsync(TimeSpan.FromMinutes(4));
        TestContext.Out.WriteLine($"cut after {relay.ServerBytes / (double)MiB:0.0} MiB from Docker");
        TestContext.Out.WriteLine(ErrorLine(result));

        Assert.That(relay.Cut.IsCompleted, Is.True, "the relay cut Docker's answer:\n" + result);
        await AssertFailedAsync(result, "DOKKU3004");
        Assert.That(result.StandardOutput, Does.Contain("Sending "), "the cut came during the transfer");
        await AssertNothingLeftOnTheServerAsync();
        await AssertConfigPutBackAsync(result, configBefore);
    }

    [Test]
    public async Task An_unreachable_Docker_engine_is_a_coded_error_at_once_naming_the_endpoint()
    {
        // A socket file nobody listens on: what a crashed dockerd leaves behind. Kept bound for the run, as .NET
        // deletes the file when the socket that bound it is disposed (that would test a missing socket instead).
        var socketPath = Path.Combine(scratch, "dead-docker.sock");
        using var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        dead.Bind(new UnixDomainSocketEndPoint(socketPath));

        var environment = DeployRun.Environment(testBed, workspace.Root);
        environment["DOCKER_HOST"] = $"unix://{socketPath}";
        using var publish = FaultPublish.Start(workspace, DeployRun.Arguments(testBed, app), environment);
        var (result, _) = await publish.WaitForExitAsync(TimeSpan.FromMinutes(4));
        TestContext.Out.WriteLine(ErrorLine(result));

        await AssertFailedAsync(result, "DOKKU3001");
        Assert.That(result.StandardOutput, Does.Contain($"unix://{socketPath}"), "names the endpoint tried");
        Assert.That(result.StandardOutput, Does.Contain("DOCKER_HOST"), "says where the endpoint came from");
        var started = publish.TimeOf("Checking ");
        var failed = publish.TimeOf("error DOKKU3001");
        Assert.That(started, Is.Not.Null, result.ToString());
        var seconds = (failed!.Value - started!.Value).TotalSeconds;
        TestContext.Out.WriteLine($"'Checking' → error DOKKU3001: {seconds:0.00} s");
        // A silent engine is waited for 30 s; a missing socket must not be. 20 s leaves room for a loaded machine.
        Assert.That(seconds, Is.LessThan(20), "a coded error at once, not after the 30 s wait for a silent engine");
    }

    [Test]
    public async Task A_wrong_key_passphrase_is_a_coded_error_naming_the_key_file_and_no_secret()
    {
        var keyFile = Path.Combine(scratch, "encrypted_key");
        var right = $"right-{Guid.NewGuid():N}";
        var wrong = $"wrong-{Guid.NewGuid():N}";
        var keygen = await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", right, "-f", keyFile]);
        Assert.That(keygen.ExitCode, Is.Zero, keygen.ToString());
        var keyBody = File.ReadAllLines(keyFile)[1];

        var environment = DeployRun.Environment(testBed, workspace.Root);
        environment["DOKKU_SSH_KEY_PASSPHRASE"] = wrong;
        using var publish = FaultPublish.Start(workspace, DeployRun.Arguments(testBed, app, $"-p:DokkuSshKey={keyFile}"), environment);
        var (result, _) = await publish.WaitForExitAsync(TimeSpan.FromMinutes(4));
        TestContext.Out.WriteLine(ErrorLine(result));

        await AssertFailedAsync(result, "DOKKU4024");
        Assert.That(result.StandardOutput, Does.Contain(keyFile), "names the key file");
        Assert.That(result.StandardOutput, Does.Contain("DOKKU_SSH_KEY_PASSPHRASE"), "names where the passphrase came from");
        var everything = result.StandardOutput + result.StandardError;
        Assert.That(everything, Does.Not.Contain(wrong), "the passphrase given");
        Assert.That(everything, Does.Not.Contain(right), "the key's passphrase");
        Assert.That(everything, Does.Not.Contain(keyBody), "the key's content");
        Assert.That(everything, Does.Not.Contain("PRIVATE KEY"), "the key's content");
    }

    [Test]
    public async Task A_release_that_fails_its_health_check_fails_the_build_with_Dokkus_lines()
    {
        await ChangeGreetingAsync("This release must never go live");
        var configBefore = await NewConfigForTheNextDeployAsync();
        // The app's own app.json wins over DokkuHealthCheckPath; two attempts keep the test short.
        var appJson = Path.Combine(workspace.Project, "app.json");
        File.WriteAllText(appJson, """
            {"healthchecks": {"web": [{"type": "startup", "name": "fault-test", "path": "/does-not-exist", "attempts": 2, "wait": 1, "timeout": 3}]}}
            """);
        await workspace.CommitAllAsync("A health check that never passes");
        try
        {
            using var publish = FaultPublish.Start(workspace, DeployRun.Arguments(testBed, app), DeployRun.Environment(testBed, workspace.Root));
            var (result, _) = await publish.WaitForExitAsync(TimeSpan.FromMinutes(4));
            TestContext.Out.WriteLine(ErrorLine(result));

            await AssertFailedAsync(result, "DOKKU5006");
            Assert.That(result.StandardOutput, Does.Contain("Failure in name='fault-test'"), "Dokku's line for the failed check");
            Assert.That(result.StandardOutput, Does.Contain("Could not start due to 1 failed checks (web.1)"), "Dokku's verdict");
            Assert.That(result.StandardOutput, Does.Contain(app), "names the app");
            await AssertNothingLeftOnTheServerAsync();
            await AssertConfigPutBackAsync(result, configBefore);
        }
        finally
        {
            File.Delete(appJson);
            await workspace.CommitAllAsync("No failing health check");
        }
    }

    [Test]
    public async Task Ctrl_C_during_the_transfer_stops_within_5_s_and_leaves_nothing_half_done()
    {
        await ChangeGreetingAsync("This release was cancelled");
        var configBefore = await NewConfigForTheNextDeployAsync();
        // 2 MiB/s: the first full transfer (about 150 MB) would take over a minute.
        await using var relay = new FaultRelay(testBed.SshHost, testBed.SshPort, clientBytesPerSecond: 2 * MiB);
        using var publish = FaultPublish.Start(workspace, ArgumentsThrough(relay), FreshCache());

        await publish.WaitForLineAsync("Sending ", TimeSpan.FromMinutes(4));
        var sending = relay.ClientBytes;
        while (relay.ClientBytes < sending + 2 * MiB && publish.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(100);
        }

        var interruptedAt = await publish.InterruptAsync();
        var (result, exitedAt) = await publish.WaitForExitAsync(TimeSpan.FromMinutes(1));
        var seconds = (exitedAt - interruptedAt).TotalSeconds;
        TestContext.Out.WriteLine($"interrupted after {relay.ClientBytes / (double)MiB:0.0} MiB; dotnet exited {seconds:0.0} s after SIGINT");
        TestContext.Out.WriteLine(ErrorLine(result));

        await AssertFailedAsync(result, "DOKKU9001");
        Assert.That(seconds, Is.LessThan(5), "stops within 5 s of Ctrl+C");
        Assert.That(result.StandardOutput, Does.Not.Contain("Deployed '"), "nothing was released");
        await AssertNothingLeftOnTheServerAsync();
        await AssertConfigPutBackAsync(result, configBefore);

        await AssertTheNextDeploySucceedsAsync();
    }

    [Test]
    public async Task Two_deploys_of_one_app_at_once_both_end_and_one_of_them_runs()
    {
        using var first = await SampleWorkspace.CreateAsync();
        using var second = await SampleWorkspace.CreateAsync();
        var bodies = new[] { "Hello from the first of two", "Hello from the second of two" };
        foreach (var (other, text) in new[] { (first, bodies[0]), (second, bodies[1]) })
        {
            other.ReplaceInProgram("Hello from HelloDokku!", text);
            await other.CommitAllAsync(text);
        }

        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(
            DeployRun.PublishAsync(first, testBed, app),
            DeployRun.PublishAsync(second, testBed, app));
        TestContext.Out.WriteLine($"both ended after {clock.Elapsed.TotalSeconds:0.0} s; exit codes {results[0].ExitCode}, {results[1].ExitCode}");

        foreach (var result in results)
        {
            if (result.ExitCode != 0)
            {
                TestContext.Out.WriteLine(ErrorLine(result));
                Assert.That(DeployRun.ErrorCodes(result), Has.Count.EqualTo(1).And.All.StartsWith("DOKKU"), "a failure is one coded error:\n" + result);
                Assert.That(result.StandardOutput, Does.Not.Contain("   at "), "no stack trace");
            }
        }

        Assert.That(results.Count(r => r.ExitCode == 0), Is.GreaterThanOrEqualTo(1), "at least one deploy succeeds:\n" + results[0] + "\n" + results[1]);
        url = await CurrentUrlAsync();
        body = await DeployRun.GetAsync(url);
        Assert.That(bodies, Does.Contain(body), "the app runs one of the two releases");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.That(await CurrentUrlAsync(), Is.EqualTo(url), "the same container a second later");
        Assert.That(await DeployRun.GetAsync(url), Is.EqualTo(body), "the same answer a second later");
        var winner = results[Array.IndexOf(bodies, body)];
        Assert.That(winner.ExitCode, Is.Zero, "the release that runs is one that reported success:\n" + winner);
        await AssertNothingLeftOnTheServerAsync();
        foreach (var other in new[] { first, second })
        {
            Directory.Delete(other.Root + "-cache", recursive: true);
        }
    }

    /// <summary>The deploy arguments with DokkuRemote through the relay, and a known_hosts that knows the bed's keys at the relay's port.</summary>
    string[] ArgumentsThrough(FaultRelay relay)
    {
        var knownHosts = Path.Combine(scratch, $"known_hosts-{relay.Port}");
        File.WriteAllLines(knownHosts, File.ReadAllLines(testBed.KnownHostsPath)
            .Select(line => line.Replace($"[{testBed.SshHost}]:{testBed.SshPort} ", $"[127.0.0.1]:{relay.Port} ", StringComparison.Ordinal)));
        return DeployRun.Arguments(testBed, app).Select(a =>
            a.StartsWith("-p:DokkuRemote=", StringComparison.Ordinal) ? $"-p:DokkuRemote=ssh://{testBed.SshUser}@127.0.0.1:{relay.Port}/{app}"
            : a.StartsWith("-p:DokkuKnownHosts=", StringComparison.Ordinal) ? $"-p:DokkuKnownHosts={knownHosts}"
            : a).ToArray();
    }

    /// <summary>
    /// Config for the release about to fail, as a user's project has it: one value that replaces what the
    /// server stores, one key the server does not have. Returns the server's config before.
    /// </summary>
    async Task<IReadOnlyDictionary<string, string>> NewConfigForTheNextDeployAsync()
    {
        var shell = new StandInShell(testBed);
        var set = await shell.RunAsync($"config:set --no-restart {app} FAULT_REPLACED=stored-{Guid.NewGuid():N}");
        Assert.That(set.ExitCode, Is.Zero, set.ToString());
        var before = await ServerConfigAsync();
        File.WriteAllText(Path.Combine(workspace.Project, "Directory.Build.targets"), $"""
            <Project>
              <ItemGroup>
                <DokkuConfig Include="FAULT_REPLACED" Value="new-{Guid.NewGuid():N}" />
                <DokkuConfig Include="FAULT_ADDED_{Guid.NewGuid():N}" Value="new" />
              </ItemGroup>
            </Project>
            """);
        await workspace.CommitAllAsync("Config for a release that must not go live");
        return before;
    }

    /// <summary>The release never went live, so neither did its config: the server stores exactly what it stored before.</summary>
    async Task AssertConfigPutBackAsync(ProcessResult result, IReadOnlyDictionary<string, string> before)
    {
        try
        {
            Assert.That(result.StandardOutput, Does.Contain($"Config put back: '{app}' keeps the config its running release has"), result.ToString());
            Assert.That(await ServerConfigAsync(), Is.EqualTo(before), "the server's config after the failed deploy");
        }
        finally
        {
            File.Delete(Path.Combine(workspace.Project, "Directory.Build.targets"));
            await workspace.CommitAllAsync("No config");
        }
    }

    async Task<IReadOnlyDictionary<string, string>> ServerConfigAsync()
    {
        var export = await new StandInShell(testBed).RunAsync($"config:export --format json {app}");
        Assert.That(export.ExitCode, Is.Zero, export.ToString());
        return System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(export.StandardOutput)!;
    }

    /// <summary>A deploy history of its own, empty: the whole image (about 150 MB) travels, not just the changed layer.</summary>
    Dictionary<string, string?> FreshCache()
    {
        var environment = DeployRun.Environment(testBed, workspace.Root);
        environment["XDG_CACHE_HOME"] = $"{workspace.Root}-{Guid.NewGuid():N}";
        return environment;
    }

    async Task ChangeGreetingAsync(string text)
    {
        workspace.ReplaceInProgram(greeting, text);
        greeting = text;
        await workspace.CommitAllAsync(text);
    }

    async Task AssertFailedAsync(ProcessResult result, string code)
    {
        Assert.That(result.ExitCode, Is.Not.Zero, result.ToString());
        Assert.That(DeployRun.ErrorCodes(result), Is.EqualTo(new[] { code }), result.ToString());
        Assert.That(result.StandardOutput, Does.Not.Contain("   at "), "no stack trace for a fault outside the product");
        Assert.That(await DeployRun.GetAsync(url), Is.EqualTo(body), "the running app still answers with its old body");
    }

    /// <summary>Exactly one container for the app on the server (no half-started release), and it is the one that answers.</summary>
    async Task AssertNothingLeftOnTheServerAsync()
    {
        var containers = await DockerCli.ForServer(testBed).RunCheckedAsync(
            ["container", "ls", "-a", "--format", "{{.Names}}", "--filter", $"label=com.dokku.app-name={app}"]);
        Assert.That(ProcessResult.SplitLines(containers.StandardOutput), Is.EqualTo(new[] { $"{app}.web.1" }), "only the released container");
        Assert.That(await DeployRun.GetAsync(await CurrentUrlAsync()), Is.EqualTo(body), "the container that answers is the one released before");
    }

    async Task AssertTheNextDeploySucceedsAsync()
    {
        var next = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(next.ExitCode, Is.Zero, "the next deploy succeeds:\n" + next);
        url = DeployRun.AppUrl(next);
        body = greeting;
        Assert.That(await DeployRun.GetAsync(url), Is.EqualTo(body));
    }

    /// <summary>The URL of the app's released container (APP.web.1), from the server's engine.</summary>
    async Task<string> CurrentUrlAsync()
    {
        var ports = await DockerCli.ForServer(testBed).RunCheckedAsync(["container", "port", $"{app}.web.1"]);
        var match = PublishedPort().Match(ports.StandardOutput);
        Assert.That(match.Success, Is.True, "no published port: " + ports);
        return $"http://127.0.0.1:{match.Groups[1].Value}";
    }

    static string ErrorLine(ProcessResult result) =>
        ProcessResult.SplitLines(result.StandardOutput).FirstOrDefault(l => l.Contains("error DOKKU", StringComparison.Ordinal)) ?? "(no coded error line)";

    [GeneratedRegex(@"127\.0\.0\.1:(\d+)")]
    private static partial Regex PublishedPort();
}
