using System.Text;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Registry;
using DokkuDeploy.Tests.Dokku;

namespace DokkuDeploy.Tests.Registry;

/// <summary>
/// registry:login and git:from-image of a registry image, against answers shaped as Dokku 0.38's registry
/// plugin and the Docker engine give them (the plugin's source: `common.LogWarn("Login Succeeded for global registry")`,
/// `Unable to run docker login: STDERR`, pflag's `unknown flag`).
/// </summary>
public sealed class DokkuRegistryCommandsTests
{
    const string Password = "Pa55-word/with+chars";
    static readonly DokkuRemote Remote = new("dokku", "dokku.example.com", 22, "shop");
    static readonly RegistryCredential Credential = new("deployer", Password, "DOKKU_REGISTRY_USERNAME/DOKKU_REGISTRY_PASSWORD");
    static readonly RegistryImage Image = RegistryImage.For("registry.example.com/team", null, "shop", "dokku-deploy/shop:3f2c1a9");

    static Transcript Answer(int exit, string[]? stdout = null, string[]? stderr = null) =>
        Transcript.Of("answer", exit, stdout ?? [], stderr ?? []);

    static (DokkuClient Client, FakeRemoteShell Shell, RecordingLog Log) Create(params Transcript[] answers)
    {
        var shell = new FakeRemoteShell(answers);
        var log = new RecordingLog();
        return (new DokkuClient(shell, log, Remote), shell, log);
    }

    [Test]
    public async Task A_login_sends_the_password_on_stdin_and_never_on_the_command_line()
    {
        var (client, shell, log) = Create(Answer(0, stderr: [" !     Login Succeeded for global registry"]));

        await client.RegistryLoginAsync("registry.example.com", Credential, CancellationToken.None);

        Assert.That(shell.CommandLines, Is.EqualTo(new[] { "registry:login --global --password-stdin registry.example.com deployer" }));
        Assert.That(Encoding.UTF8.GetString(shell.StdinReceived[0]), Is.EqualTo(Password + "\n"));
        Assert.That(log.Everything.Where(l => l.Contains(Password, StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task A_refused_login_is_a_coded_error_that_masks_an_echoed_password()
    {
        var (client, _, log) = Create(Answer(1, stderr:
        [
            " !     Unable to run docker login: Error response from daemon: login attempt to https://registry.example.com/v2/ failed with status: 401 Unauthorized",
            " !     (the server echoed " + Password + ")",
        ]));

        var e = await Assert.ThrowsAsync<DeployException>(() => client.RegistryLoginAsync("registry.example.com", Credential, CancellationToken.None));

        Assert.That(e!.Code, Is.EqualTo("DOKKU7023"));
        Assert.That(e.Message, Does.Contain("401 Unauthorized").And.Not.Contain(Password));
        Assert.That(log.Everything.Where(l => l.Contains(Password, StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task A_Dokku_without_the_global_flag_is_asked_again_without_it()
    {
        var (client, shell, _) = Create(
            Answer(2, stderr: ["unknown flag: --global", "Usage of registry:login:"]),
            Answer(0, stderr: [" !     Login Succeeded"]));

        await client.RegistryLoginAsync("registry.example.com", Credential, CancellationToken.None);

        Assert.That(shell.CommandLines[1], Is.EqualTo("registry:login --password-stdin registry.example.com deployer"));
        Assert.That(shell.StdinReceived, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task A_Dokku_without_registry_login_says_which_version_has_it()
    {
        var (client, _, _) = Create(Answer(1, stderr: [" !     `registry:login` is not a dokku command.", " !     See `dokku help` for a list of available commands."]));
        var e = await Assert.ThrowsAsync<DeployException>(() => client.RegistryLoginAsync("registry.example.com", Credential, CancellationToken.None));
        Assert.That(e!.Code, Is.EqualTo("DOKKU5005"));
        Assert.That(e.Message, Does.Contain("0.25.0"));
    }

    static Transcript PullFailure(string daemonLine) => Answer(1, stdout:
    [
        "-----> Generating build context",
        "-----> Pulling image",
        daemonLine,
        " !     Unable to pull image registry.example.com/team/shop:3f2c1a9",
    ]);

    [TestCase("Error response from daemon: Head \"https://registry.example.com/v2/team/shop/manifests/3f2c1a9\": no basic auth credentials", "DOKKU7020")]
    [TestCase("Error response from daemon: pull access denied for registry.example.com/team/shop, repository does not exist or may require 'docker login'", "DOKKU7020")]
    [TestCase("Error response from daemon: Get \"https://registry.example.com/v2/\": http: server gave HTTP response to HTTPS client", "DOKKU7021")]
    [TestCase("Error response from daemon: Get \"https://registry.example.com/v2/\": dial tcp: lookup registry.example.com: no such host", "DOKKU7022")]
    public async Task A_failed_pull_on_the_server_gets_its_code(string daemonLine, string code)
    {
        var (client, shell, _) = Create(PullFailure(daemonLine));

        var e = await Assert.ThrowsAsync<DeployException>(() => client.FromRegistryImageAsync("shop", Image, CancellationToken.None));

        Assert.That(e!.Code, Is.EqualTo(code), e.Message);
        Assert.That(e.Message, Does.Contain("registry.example.com/team/shop:3f2c1a9").And.Contain("dokku@dokku.example.com"));
        Assert.That(shell.CommandLines, Is.EqualTo(new[] { "git:from-image shop registry.example.com/team/shop:3f2c1a9" }));
    }

    [Test]
    public async Task A_failed_health_check_whose_app_says_permission_denied_stays_a_health_check_failure()
    {
        var (client, _, _) = Create(Answer(1, stdout:
        [
            "-----> Generating build context",
            "-----> Image exists on host, skipping pull",
            "=====> Start of shop container output (web.1)",
            "       sh: /app/start: Permission denied",
            "=====> End of shop container output (web.1)",
            " !     Could not start due to 1 failed checks (web.1)",
        ]));

        var e = await Assert.ThrowsAsync<DeployException>(() => client.FromRegistryImageAsync("shop", Image, CancellationToken.None));

        Assert.That(e!.Code, Does.StartWith("DOKKU5"), e.Message);
    }

    [Test]
    public async Task The_same_image_again_is_no_change()
    {
        var (client, _, _) = Create(Answer(1, stderr: [" !     No changes detected, skipping git commit", " !     Call 'ps:rebuild' on app to rebuild the app from existing source"]));
        var result = await client.FromRegistryImageAsync("shop", Image, CancellationToken.None);
        Assert.That(result.Outcome, Is.EqualTo(DeployOutcome.NoChanges));
    }
}
