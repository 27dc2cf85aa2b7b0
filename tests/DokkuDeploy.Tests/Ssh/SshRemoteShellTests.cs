using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Ssh;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Ssh;

/// <summary>SshRemoteShell against a real OpenSSH server started for these tests.</summary>
[Category("Sshd")]
[NonParallelizable]
public class SshRemoteShellTests
{
    /// <summary>
    /// Only ever a guard against a hang, never a speed claim (those are in bench/): what these tests
    /// check is that something ends at all, and a loaded machine may take its time.
    /// </summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    private ThrowawaySshd _sshd = null!;

    [OneTimeSetUp]
    public void StartServer() => _sshd = ThrowawaySshd.Start();

    [OneTimeTearDown]
    public void StopServer() => _sshd?.Dispose();

    private SshTarget Target => new(_sshd.Host, _sshd.Port, _sshd.User);

    private HostKeyPolicy TrustingPolicy() => new(KnownHostsFile.Parse(_sshd.KnownHostsLine()));

    private Task<SshRemoteShell> ConnectAsync(
        HostKeyPolicy? policy = null, SshCredentials? credentials = null, CollectingLog? log = null, SshConnectOptions? options = null) =>
        SshRemoteShell.ConnectAsync(
            Target,
            credentials ?? SshCredentials.FromKeyFiles([_sshd.ClientKey]),
            policy ?? TrustingPolicy(),
            log ?? new CollectingLog(),
            options ?? SshConnectOptions.Default,
            CancellationToken.None);

    private static async Task<(int ExitCode, List<string> Stdout, List<string> Stderr)> RunAsync(
        SshRemoteShell shell, string command, Func<Stream, CancellationToken, Task>? stdin = null, CancellationToken cancellationToken = default)
    {
        var stdout = new List<string>();
        var stderr = new List<string>();
        var exitCode = await shell.RunAsync(command, stdin, stdout.Add, stderr.Add, cancellationToken);
        return (exitCode, stdout, stderr);
    }

    [Test]
    public async Task Runs_a_command_and_returns_its_lines_and_exit_code()
    {
        await using var shell = await ConnectAsync();

        var (exitCode, stdout, stderr) = await RunAsync(shell, "printf 'out1\\nout2\\r\\nh\\303\\251\\n'; echo err1 >&2; printf 'no newline'; exit 3");

        Assert.That(exitCode, Is.EqualTo(3));
        Assert.That(stdout, Is.EqualTo(new[] { "out1", "out2", "hé", "no newline" }));
        Assert.That(stderr, Is.EqualTo(new[] { "err1" }));
    }

    [Test]
    public async Task A_forced_command_gets_the_command_line_as_one_string_like_Dokku()
    {
        using var dir = new TempDirectory();
        var key = TestKeys.Generate(dir.Path, "dokku_user_key");
        var script = dir.File("fake-dokku");
        File.WriteAllText(script, "#!/bin/sh\nif [ \"$SSH_ORIGINAL_COMMAND\" = version ]; then echo 'dokku version 0.38.27'; exit 0; fi\necho \"args: $SSH_ORIGINAL_COMMAND\"; echo ' !     Unknown command' >&2; exit 1\n");
        ProcessRunner.Run("chmod", "755", script);
        _sshd.AuthorizeWithForcedCommand(key + ".pub", script);
        await using var shell = await ConnectAsync(credentials: SshCredentials.FromKeyFiles([key]));

        var version = await RunAsync(shell, "version");
        var other = await RunAsync(shell, "apps:info 'my app'");

        Assert.That((version.ExitCode, version.Stdout.Single()), Is.EqualTo((0, "dokku version 0.38.27")));
        Assert.That(other.ExitCode, Is.EqualTo(1));
        Assert.That(other.Stdout, Is.EqualTo(new[] { "args: apps:info 'my app'" }));
        Assert.That(other.Stderr, Is.EqualTo(new[] { " !     Unknown command" }));
    }

    [Test]
    public async Task Runs_several_commands_on_one_connection()
    {
        await using var shell = await ConnectAsync();

        for (var i = 0; i < 5; i++)
        {
            var (exitCode, stdout, _) = await RunAsync(shell, $"echo {i}");
            Assert.That(exitCode, Is.Zero);
            Assert.That(stdout, Is.EqualTo(new[] { i.ToString() }));
        }
    }

    [Test]
    public async Task Delivers_lines_as_they_arrive_not_at_the_end()
    {
        // The command waits for a file that only the handler of its first line creates: if lines were
        // delivered at the end, it would never end (a signal, not a race against a sleep).
        using var dir = new TempDirectory();
        var seen = Path.Combine(dir.Path, "first-line-seen");
        await using var shell = await ConnectAsync();
        var stderr = new List<string>();

        await shell.RunAsync($"echo first; while [ ! -e '{seen}' ]; do sleep 0.05; done; echo second >&2",
            null, _ => File.WriteAllText(seen, ""), stderr.Add, CancellationToken.None).WaitAsync(HangGuard);

        Assert.That(stderr, Is.EqualTo(new[] { "second" }));
    }

    [Test]
    public async Task A_command_without_input_runs_without_end_of_input_being_sent()
    {
        await using var shell = await ConnectAsync();

        // 200 quick commands on one connection: an end-of-input sent after the server closed a channel
        // would make OpenSSH drop the connection (SSH.NET 2026.0 races there).
        for (var i = 0; i < 200; i++)
        {
            var (exitCode, stdout, _) = await RunAsync(shell, "echo ok").WaitAsync(TimeSpan.FromSeconds(10));
            Assert.That((exitCode, stdout), Is.EqualTo((0, new[] { "ok" })), $"command {i}");
        }
    }

    [Test]
    public async Task A_command_gets_end_of_input_when_the_writer_writes_nothing()
    {
        await using var shell = await ConnectAsync();

        var (exitCode, stdout, _) = await RunAsync(shell, "wc -c", (_, _) => Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(exitCode, Is.Zero);
        Assert.That(stdout, Is.EqualTo(new[] { "0" }));
    }

    [Test]
    public async Task A_command_killed_by_a_signal_reports_128_plus_the_signal()
    {
        await using var shell = await ConnectAsync();

        var (exitCode, _, _) = await RunAsync(shell, "kill -TERM $$");

        Assert.That(exitCode, Is.EqualTo(143));
    }

    [Test]
    public async Task Streams_50_MB_of_stdin_and_reports_the_rate()
    {
        await using var shell = await ConnectAsync();
        const int size = 50 * 1024 * 1024;
        var watch = Stopwatch.StartNew();

        var (exitCode, stdout, _) = await RunAsync(shell, "wc -c", async (stream, ct) =>
        {
            var chunk = new byte[81920]; // Stream.CopyToAsync's default buffer: what a caller copying `docker save` sends
            new Random(1).NextBytes(chunk);
            for (var sent = 0; sent < size; sent += chunk.Length)
            {
                await stream.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, size - sent)), ct);
            }
        });

        var rate = size / 1024.0 / 1024.0 / watch.Elapsed.TotalSeconds;
        TestContext.Out.WriteLine($"50 MB through stdin to wc -c in {watch.Elapsed.TotalSeconds:F2} s: {rate:F0} MB/s");
        Assert.That(exitCode, Is.Zero);
        Assert.That(stdout, Is.EqualTo(new[] { size.ToString() }));
    }

    /// <summary>Manual: `dotnet test … --filter "Name=Throughput_of_a_160_MB_image_stream"` prints MB/s for common write sizes.</summary>
    [Test]
    [Explicit("manual throughput measurement")]
    public async Task Throughput_of_a_160_MB_image_stream()
    {
        await using var shell = await ConnectAsync();
        const int size = 160 * 1024 * 1024;
        foreach (var chunkSize in new[] { 81920, 1024 * 1024, 81920, 1024 * 1024, 4096 })
        {
            var watch = Stopwatch.StartNew();
            var (_, stdout, _) = await RunAsync(shell, "wc -c", async (stream, ct) =>
            {
                var chunk = new byte[chunkSize];
                for (var sent = 0; sent < size; sent += chunk.Length)
                {
                    await stream.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, size - sent)), ct);
                }
            });
            TestContext.Out.WriteLine($"160 MB in {chunkSize}-byte writes: {watch.Elapsed.TotalSeconds:F2} s, {size / 1048576.0 / watch.Elapsed.TotalSeconds:F0} MB/s");
            Assert.That(stdout, Is.EqualTo(new[] { size.ToString() }));
        }
    }

    [Test]
    public async Task Small_writes_are_not_slow()
    {
        await using var shell = await ConnectAsync();
        const int size = 4 * 1024 * 1024;
        var watch = Stopwatch.StartNew();

        var (_, stdout, _) = await RunAsync(shell, "wc -c", async (stream, ct) =>
        {
            var small = new byte[100];
            for (var sent = 0; sent < size; sent += small.Length)
            {
                await stream.WriteAsync(small, ct);
            }

            stream.WriteByte(1);
        });

        Assert.That(stdout, Is.EqualTo(new[] { (size + 4 + 1).ToString() }).Or.EqualTo(new[] { (((size + 99) / 100 * 100) + 1).ToString() }));
        // That they are gathered into large writes is CommandInputStreamTests.Gathers_small_writes_into_large_ones;
        // this only guards against a hang (40,000 packets of 100 bytes each would still pass on a slow day).
        Assert.That(watch.Elapsed, Is.LessThan(HangGuard));
    }

    [Test]
    public async Task A_command_that_stops_reading_early_returns_its_exit_code_instead_of_hanging()
    {
        // No stall watchdog that could end it instead: only the command's exit can.
        await using var shell = await ConnectAsync(options: new SshConnectOptions { InputStallTimeout = TimeSpan.FromHours(1) });

        var (exitCode, _, stderr) = await RunAsync(shell, "head -c 1000 > /dev/null; echo 'App does not exist' >&2; exit 1", async (stream, ct) =>
        {
            var chunk = new byte[1024 * 1024];
            for (var i = 0; i < 50; i++)
            {
                await stream.WriteAsync(chunk, ct);
            }
        }).WaitAsync(HangGuard);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(stderr, Is.EqualTo(new[] { "App does not exist" }));
        var (again, stdout, _) = await RunAsync(shell, "echo still usable");
        Assert.That((again, stdout.Single()), Is.EqualTo((0, "still usable")));
    }

    [Test]
    public async Task A_failing_stdin_writer_stops_the_command_and_its_error_surfaces()
    {
        await using var shell = await ConnectAsync();

        // The command would outlive the hang guard: the error can only come back by stopping it.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(shell, "cat > /dev/null; sleep 3600", async (stream, ct) =>
        {
            await stream.WriteAsync(new byte[1024 * 1024], ct);
            throw new InvalidOperationException("docker save failed");
        }).WaitAsync(HangGuard));

        Assert.That(error!.Message, Is.EqualTo("docker save failed"));
    }

    [TestCase("sleep 3600", false)]
    [TestCase("trap '' TERM; sleep 3600", false)]
    [TestCase("sleep 3600", true)]
    [TestCase("cat > /dev/null", true)]
    public async Task Cancellation_returns_without_waiting_for_the_command(string command, bool streamStdin)
    {
        await using var shell = await ConnectAsync();
        using var cancel = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        Func<Stream, CancellationToken, Task>? stdin = streamStdin
            ? async (stream, ct) =>
            {
                var chunk = new byte[1024 * 1024];
                while (true)
                {
                    await stream.WriteAsync(chunk, ct);
                }
            }
            : null;

        // Cancelled once the command is surely running on the server: it has said so.
        var run = shell.RunAsync($"echo started; {command}", stdin, _ => started.TrySetResult(), _ => { }, cancel.Token);
        await started.Task.WaitAsync(HangGuard);
        var watch = Stopwatch.StartNew();
        await cancel.CancelAsync();

        Assert.That(async () => await run.WaitAsync(HangGuard), Throws.InstanceOf<OperationCanceledException>());
        TestContext.Out.WriteLine($"cancelled `{command}` (stdin streaming: {streamStdin}) in {watch.Elapsed.TotalSeconds:F2} s");
    }

    [Test]
    public async Task The_shell_still_works_after_a_cancelled_command_the_server_honoured()
    {
        await using var shell = await ConnectAsync();
        using var cancel = new CancellationTokenSource(500);

        Assert.That(async () => await RunAsync(shell, "sleep 15", cancellationToken: cancel.Token), Throws.InstanceOf<OperationCanceledException>());

        var (exitCode, stdout, _) = await RunAsync(shell, "echo after");
        Assert.That((exitCode, stdout.Single()), Is.EqualTo((0, "after")));
    }

    [Test]
    public async Task A_connection_lost_mid_command_is_a_coded_error()
    {
        await using var shell = await ConnectAsync();

        // The command's parent is the sshd process serving this connection: killing it drops the connection.
        var error = await Assert.ThrowsAsync<DeployException>(() => RunAsync(shell, "echo started; kill -9 $PPID; sleep 5").WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.That(error!.Code, Is.EqualTo("DOKKU4030"));
        Assert.That(error.Message, Does.Contain($"127.0.0.1:{_sshd.Port}").And.Contain("echo").And.Contain("run the deploy again"));
        var next = await Assert.ThrowsAsync<DeployException>(() => RunAsync(shell, "echo next"));
        Assert.That(next!.Code, Is.EqualTo("DOKKU4030"));
    }

    [Test]
    public async Task An_unknown_host_key_is_refused_before_login()
    {
        var logBefore = _sshd.Log.Length;

        var error = await Assert.ThrowsAsync<DeployException>(() => ConnectAsync(new HostKeyPolicy(KnownHostsFile.Empty, knownHostsPath: "/home/u/.ssh/known_hosts")));

        Assert.That(error!.Code, Is.EqualTo("DOKKU4010"));
        var fingerprint = HostKeyPolicy.Fingerprint(_sshd.HostKeyBlob);
        Assert.That(error.Message, Does.Contain($"127.0.0.1:{_sshd.Port}")
            .And.Contain("ssh-ed25519")
            .And.Contain(fingerprint)
            .And.Contain(_sshd.KnownHostsLine())
            .And.Contain($"ssh-keyscan -p {_sshd.Port} 127.0.0.1 >> /home/u/.ssh/known_hosts")
            .And.Contain($"-p:DokkuHostKeyFingerprint={fingerprint}"));
        AssertNoLogin(logBefore);
    }

    [Test]
    public async Task A_changed_host_key_is_refused_loudly()
    {
        using var dir = new TempDirectory();
        var other = TestKeys.Generate(dir.Path, "other_host_key");
        var (type, blob) = TestKeys.ReadPublic(other + ".pub");
        var logBefore = _sshd.Log.Length;

        var error = await Assert.ThrowsAsync<DeployException>(() =>
            ConnectAsync(new HostKeyPolicy(KnownHostsFile.Parse(KnownHostsFile.FormatLine("127.0.0.1", _sshd.Port, type, blob)))));

        Assert.That(error!.Code, Is.EqualTo("DOKKU4011"));
        Assert.That(error.Message, Does.Contain("HAS CHANGED").And.Contain("man-in-the-middle")
            .And.Contain(HostKeyPolicy.Fingerprint(_sshd.HostKeyBlob)).And.Contain(_sshd.KnownHostsLine()));
        AssertNoLogin(logBefore);
    }

    [Test]
    public async Task A_revoked_host_key_is_refused()
    {
        var policy = new HostKeyPolicy(KnownHostsFile.Parse(_sshd.KnownHostsLine() + "\n@revoked * " + _sshd.KnownHostsLine().Split(' ', 2)[1]));

        var error = await Assert.ThrowsAsync<DeployException>(() => ConnectAsync(policy));

        Assert.That(error!.Code, Is.EqualTo("DOKKU4012"));
    }

    [Test]
    public async Task A_pinned_fingerprint_is_trusted_without_known_hosts()
    {
        var policy = new HostKeyPolicy(KnownHostsFile.Empty, HostKeyPolicy.Fingerprint(_sshd.HostKeyBlob));

        await using var shell = await ConnectAsync(policy);

        Assert.That((await RunAsync(shell, "echo pinned")).Stdout, Is.EqualTo(new[] { "pinned" }));
    }

    [Test]
    public async Task A_wrong_pinned_fingerprint_is_refused_as_changed()
    {
        var policy = new HostKeyPolicy(KnownHostsFile.Empty, "SHA256:DOvQ7mV33KwrqZfNaDhJcHYhJ6GwaoyRPlfmddySSUY");

        var error = await Assert.ThrowsAsync<DeployException>(() => ConnectAsync(policy));

        Assert.That(error!.Code, Is.EqualTo("DOKKU4011"));
    }

    [Test]
    public async Task A_hashed_known_hosts_file_made_by_ssh_keygen_is_trusted()
    {
        using var dir = new TempDirectory();
        var path = dir.File("known_hosts");
        File.WriteAllText(path, "# mine\n" + _sshd.KnownHostsLine() + "\n");
        ProcessRunner.Run(OpenSsh.SshKeygen, "-H", "-f", path);

        await using var shell = await ConnectAsync(HostKeyPolicy.FromFiles([path]));

        Assert.That((await RunAsync(shell, "echo hashed")).Stdout, Is.EqualTo(new[] { "hashed" }));
    }

    [Test]
    public async Task A_key_the_server_does_not_accept_is_a_coded_authentication_error()
    {
        using var dir = new TempDirectory();
        var stranger = TestKeys.Generate(dir.Path, "stranger_key");

        var error = await Assert.ThrowsAsync<DeployException>(() => ConnectAsync(credentials: SshCredentials.FromKeyFiles([stranger])));

        Assert.That(error!.Code, Is.EqualTo("DOKKU4020"));
        Assert.That(error.Message, Does.Contain($"{_sshd.User}@127.0.0.1:{_sshd.Port}").And.Contain(stranger)
            .And.Contain("ssh-copy-id").And.Contain("dokku ssh-keys:add"));
    }

    [Test]
    public async Task A_user_the_server_does_not_know_is_a_coded_authentication_error()
    {
        var error = await Assert.ThrowsAsync<DeployException>(() => SshRemoteShell.ConnectAsync(
            new SshTarget(_sshd.Host, _sshd.Port, "nosuchuser"), SshCredentials.FromKeyFiles([_sshd.ClientKey]), TrustingPolicy(),
            new CollectingLog(), CancellationToken.None));

        Assert.That(error!.Code, Is.EqualTo("DOKKU4020"));
        Assert.That(error.Message, Does.Contain($"nosuchuser@127.0.0.1:{_sshd.Port}"));
    }

    [Test]
    public async Task Tries_every_key_given()
    {
        using var dir = new TempDirectory();
        var stranger = TestKeys.Generate(dir.Path, "stranger_key");

        await using var shell = await ConnectAsync(credentials: SshCredentials.FromKeyFiles([stranger, _sshd.ClientKey]));

        Assert.That((await RunAsync(shell, "echo second key")).Stdout, Is.EqualTo(new[] { "second key" }));
    }

    [Test]
    public async Task An_encrypted_key_logs_in_with_the_right_passphrase()
    {
        using var dir = new TempDirectory();
        var key = TestKeys.Generate(dir.Path, "encrypted_key", passphrase: "correct horse");
        _sshd.Authorize(key + ".pub");

        await using var shell = await ConnectAsync(credentials: SshCredentials.FromKeyFiles([key], "correct horse"));

        Assert.That((await RunAsync(shell, "echo unlocked")).Stdout, Is.EqualTo(new[] { "unlocked" }));
    }

    [Test]
    public async Task An_encrypted_key_with_the_wrong_passphrase_is_a_coded_error_naming_the_file()
    {
        using var dir = new TempDirectory();
        var key = TestKeys.Generate(dir.Path, "encrypted_key", passphrase: "correct horse");
        _sshd.Authorize(key + ".pub");
        var logBefore = _sshd.Log.Length;

        var error = await Assert.ThrowsAsync<DeployException>(() => ConnectAsync(credentials: SshCredentials.FromKeyFiles([key], "battery staple")));

        Assert.That(error!.Code, Is.EqualTo("DOKKU4024"));
        Assert.That(error.Message, Does.Contain(key).And.Not.Contain("battery").And.Not.Contain("correct horse"));
        AssertNoLogin(logBefore);
    }

    [Test]
    public async Task Key_content_from_an_environment_variable_logs_in()
    {
        var content = File.ReadAllText(_sshd.ClientKey);

        await using var shell = await ConnectAsync(credentials: SshCredentials.FromKeyContent(content));

        Assert.That((await RunAsync(shell, "echo from env")).Stdout, Is.EqualTo(new[] { "from env" }));
    }

    [Test]
    public async Task A_closed_port_is_a_coded_error_not_a_timeout()
    {
        var port = ThrowawaySshd.FreePort();

        // A connect timeout far beyond the hang guard: the refusal itself must end the attempt.
        var error = await Assert.ThrowsAsync<DeployException>(() => SshRemoteShell.ConnectAsync(
            new SshTarget("127.0.0.1", port, "dokku"), SshCredentials.FromKeyFiles([_sshd.ClientKey]), TrustingPolicy(),
            new CollectingLog(), new SshConnectOptions { ConnectTimeout = TimeSpan.FromHours(1) }, CancellationToken.None).WaitAsync(HangGuard));

        Assert.That(error!.Code, Is.EqualTo("DOKKU4002"));
        Assert.That(error.Message, Does.Contain($"127.0.0.1:{port}").And.Contain("DokkuRemote").And.Contain("sshd"));
    }

    [Test]
    public async Task A_server_that_never_answers_is_a_coded_timeout()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<DeployException>(() => SshRemoteShell.ConnectAsync(
            new SshTarget("127.0.0.1", port, "dokku"), SshCredentials.FromKeyFiles([_sshd.ClientKey]), TrustingPolicy(),
            new CollectingLog(), new SshConnectOptions { ConnectTimeout = TimeSpan.FromSeconds(1) }, CancellationToken.None).WaitAsync(HangGuard));

        Assert.That(error!.Code, Is.EqualTo("DOKKU4003"));
        Assert.That(error.Message, Does.Contain($"127.0.0.1:{port}"));
    }

    [Test]
    public void Cancelling_while_connecting_throws_OperationCanceledException_promptly()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var cancel = new CancellationTokenSource(300);

        // Only the cancel can end it: the connect timeout is far beyond the hang guard.
        Assert.That(async () => await SshRemoteShell.ConnectAsync(
            new SshTarget("127.0.0.1", port, "dokku"), SshCredentials.FromKeyFiles([_sshd.ClientKey]), TrustingPolicy(),
            new CollectingLog(), new SshConnectOptions { ConnectTimeout = TimeSpan.FromHours(1) }, cancel.Token).WaitAsync(HangGuard),
            Throws.InstanceOf<OperationCanceledException>());
    }

    private void AssertNoLogin(int logBefore)
    {
        // An absence has no signal to wait for; a late log line can only make this check weaker, never fail it wrongly.
        Thread.Sleep(200);
        var log = _sshd.Log[logBefore..];
        Assert.That(log, Does.Not.Contain("Accepted publickey"), "nothing may reach the server's login, let alone a command");
    }
}
