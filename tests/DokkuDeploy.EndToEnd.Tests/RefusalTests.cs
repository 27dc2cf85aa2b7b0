using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>Bad input and untrusted servers: a coded error, and the running app untouched.</summary>
[NonParallelizable]
public sealed class RefusalTests
{
    TestBedEnvironment testBed = null!;
    SampleWorkspace workspace = null!;
    string app = "";
    string url = "";

    [OneTimeSetUp]
    public async Task DeployTheSampleOnce()
    {
        testBed = TestBedEnvironment.Require();
        workspace = await SampleWorkspace.CreateAsync();
        app = $"e2e-{Guid.NewGuid():N}"[..12];
        var first = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        url = DeployRun.AppUrl(first);
        workspace.ReplaceInProgram("Hello from HelloDokku!", "This release must never go live");
    }

    [OneTimeTearDown]
    public async Task DestroyApp()
    {
        if (testBed is not null)
        {
            await TestApps.DestroyAsync(testBed, app);
        }

        workspace?.Dispose();
    }

    async Task AssertRefusedAsync(ProcessResult result, string code)
    {
        Assert.That(result.ExitCode, Is.Not.Zero, result.ToString());
        Assert.That(DeployRun.ErrorCodes(result), Is.EqualTo(new[] { code }), result.ToString());
        Assert.That(result.StandardOutput, Does.Not.Contain("   at "), "no stack trace for a refusal");
        Assert.That(await DeployRun.GetAsync(url), Is.EqualTo("Hello from HelloDokku!"), "the running app is untouched");
    }

    [Test]
    public async Task An_unknown_host_key_is_refused_with_its_fingerprint()
    {
        var empty = Path.Combine(workspace.Root, "empty_known_hosts");
        File.WriteAllText(empty, "");
        var result = await DeployRun.PublishAsync(workspace, testBed, app, $"-p:DokkuKnownHosts={empty}");
        await AssertRefusedAsync(result, "DOKKU4010");
        Assert.That(result.StandardOutput, Does.Contain(testBed.HostKeyFingerprint));
        Assert.That(result.StandardOutput, Does.Contain("DokkuHostKeyFingerprint"));
        Assert.That(result.StandardOutput, Does.Not.Contain("Building image"), "refused before any long work");
        Assert.That(result.StandardOutput, Does.Not.Contain("/publish/"), "refused before the publish, the longest step");
    }

    [Test]
    public async Task A_server_that_refuses_the_connection_fails_the_deploy_before_the_publish()
    {
        var closed = ThrowawayPort();
        var result = await DeployRun.PublishAsync(workspace, testBed, app, $"-p:DokkuRemote=ssh://dokku@127.0.0.1:{closed}/{app}");

        await AssertRefusedAsync(result, "DOKKU4002");
        Assert.That(result.StandardOutput, Does.Contain($"Checking dokku@127.0.0.1:{closed} app '{app}'"));
        Assert.That(result.StandardOutput, Does.Not.Contain("/publish/"), "no publish for a deploy that cannot reach its server");
    }

    static int ThrowawayPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Test]
    public async Task A_changed_host_key_is_refused()
    {
        var keyFile = Path.Combine(workspace.Root, "other_host_key");
        var keygen = await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", keyFile]);
        Assert.That(keygen.ExitCode, Is.Zero, keygen.ToString());
        var knownHosts = Path.Combine(workspace.Root, "changed_known_hosts");
        File.WriteAllText(knownHosts, $"[{testBed.SshHost}]:{testBed.SshPort} {File.ReadAllText(keyFile + ".pub").Trim()}\n");

        var result = await DeployRun.PublishAsync(workspace, testBed, app, $"-p:DokkuKnownHosts={knownHosts}");
        await AssertRefusedAsync(result, "DOKKU4011");
    }

    [Test]
    public async Task A_pinned_fingerprint_is_enough_to_trust_the_host()
    {
        var empty = Path.Combine(workspace.Root, "no_known_hosts");
        File.WriteAllText(empty, "");
        var other = await SampleWorkspace.CreateAsync();
        try
        {
            var pinnedApp = app + "-pin";
            var result = await DeployRun.PublishAsync(other, testBed, pinnedApp,
                $"-p:DokkuKnownHosts={empty}", $"-p:DokkuHostKeyFingerprint={testBed.HostKeyFingerprint}");
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            await TestApps.DestroyAsync(testBed, pinnedApp);
        }
        finally
        {
            other.Dispose();
        }
    }

    [Test]
    public async Task Trust_on_first_use_happens_only_when_asked_with_a_warning_and_a_record()
    {
        var knownHosts = Path.Combine(workspace.Root, "first_use_known_hosts");
        File.WriteAllText(knownHosts, "");
        using var other = await SampleWorkspace.CreateAsync();
        var firstUseApp = app + "-tofu";
        try
        {
            var result = await DeployRun.PublishAsync(other, testBed, firstUseApp, $"-p:DokkuKnownHosts={knownHosts}", "-p:DokkuAcceptNewHostKey=true");
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.StandardOutput, Does.Contain("warning DOKKU4014"));
            Assert.That(result.StandardOutput, Does.Contain(testBed.HostKeyFingerprint));
            Assert.That(File.ReadAllText(knownHosts), Does.StartWith($"[{testBed.SshHost}]:{testBed.SshPort} ssh-"));
        }
        finally
        {
            await TestApps.DestroyAsync(testBed, firstUseApp);
        }
    }

    [Test]
    public async Task An_invalid_app_name_is_refused_before_anything_is_contacted()
    {
        var result = await DeployRun.PublishAsync(workspace, testBed, app, "-p:DokkuApp=Not_Valid");
        await AssertRefusedAsync(result, "DOKKU1005");
        Assert.That(result.StandardOutput, Does.Contain("not-valid"), "suggests a valid name");
    }

    [Test]
    public async Task A_missing_app_is_not_created_when_creation_is_off()
    {
        var result = await DeployRun.PublishAsync(workspace, testBed, app, $"-p:DokkuApp={app}-missing", "-p:DokkuCreateApp=false");
        await AssertRefusedAsync(result, "DOKKU5001");
        var exists = await new StandInShell(testBed).RunAsync($"apps:exists {app}-missing");
        Assert.That(exists.ExitCode, Is.EqualTo(20));
    }

    [Test]
    public async Task A_wrong_client_key_is_refused_naming_the_key_file()
    {
        var keyFile = Path.Combine(workspace.Root, "stranger_key");
        var keygen = await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", keyFile]);
        Assert.That(keygen.ExitCode, Is.Zero, keygen.ToString());
        var result = await DeployRun.PublishAsync(workspace, testBed, app, $"-p:DokkuSshKey={keyFile}");
        await AssertRefusedAsync(result, "DOKKU4020");
        Assert.That(result.StandardOutput, Does.Contain(keyFile));
        Assert.That(result.StandardOutput, Does.Not.Contain("PRIVATE KEY"));
    }

    [Test]
    public async Task A_closed_ssh_port_is_a_coded_error_naming_host_and_port()
    {
        var result = await workspace.DotnetAsync(
            DeployRun.Arguments(testBed, app).Select(a => a.StartsWith("-p:DokkuRemote=") ? $"-p:DokkuRemote=ssh://dokku@127.0.0.1:1/{app}" : a),
            DeployRun.Environment(testBed, workspace.Root));
        await AssertRefusedAsync(result, "DOKKU4002");
        Assert.That(result.StandardOutput, Does.Contain("127.0.0.1:1"));
    }

    [Test]
    public async Task A_failing_build_is_a_coded_error_with_Dockers_message()
    {
        // The test bed's own registry: the engine's attempt to pull stays on loopback.
        var missing = $"{testBed.Registry}/dokkudeploy-test/no-such-image:1";
        var result = await DeployRun.PublishAsync(workspace, testBed, app, $"-p:DokkuBaseImage={missing}");
        await AssertRefusedAsync(result, "DOKKU3003");
        Assert.That(result.StandardOutput, Does.Contain(missing));
    }
}
