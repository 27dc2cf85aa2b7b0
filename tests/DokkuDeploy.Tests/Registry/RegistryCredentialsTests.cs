using System.Text;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Registry;

namespace DokkuDeploy.Tests.Registry;

/// <summary>
/// Credential lookup against real files and real helper programs: a config.json in a temp folder,
/// and docker-credential-* scripts a test writes into a folder it puts on PATH.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RegistryCredentialsTests
{
    static readonly RegistryLocation Local = RegistryLocation.Parse("127.0.0.1:5001");

    string root = null!;
    string configDirectory = null!;
    string binDirectory = null!;
    Dictionary<string, string?> variables = null!;

    [SetUp]
    public void SetUp()
    {
        root = Directory.CreateTempSubdirectory("dokkudeploy-registry-").FullName;
        configDirectory = Path.Combine(root, "docker");
        binDirectory = Path.Combine(root, "bin");
        Directory.CreateDirectory(configDirectory);
        Directory.CreateDirectory(binDirectory);
        variables = new Dictionary<string, string?>
        {
            ["DOCKER_CONFIG"] = configDirectory,
            ["PATH"] = binDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["HOME"] = Path.Combine(root, "home"),
        };
    }

    [TearDown]
    public void TearDown() => Directory.Delete(root, recursive: true);

    RegistryCredentials Credentials() => new(name => variables.GetValueOrDefault(name));

    string ConfigPath => Path.Combine(configDirectory, "config.json");

    void WriteConfig(string json) => File.WriteAllText(ConfigPath, json);

    static string Auth(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    /// <summary>A credential helper that answers <paramref name="answer"/> for the server it is asked about, and records what it was asked.</summary>
    void WriteHelper(string name, string body)
    {
        var path = Path.Combine(binDirectory, "docker-credential-" + name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    string AskedFile => Path.Combine(root, "asked");

    [Test]
    public async Task A_login_in_auths_is_found_under_the_registry_host()
    {
        WriteConfig($$"""{ "auths": { "127.0.0.1:5001": { "auth": "{{Auth("deployer", "s3cret:with:colons")}}" } } }""");
        var search = await Credentials().FindAsync(Local, CancellationToken.None);
        Assert.That(search.Credential!.Username, Is.EqualTo("deployer"));
        Assert.That(search.Credential.Secret, Is.EqualTo("s3cret:with:colons"));
        Assert.That(search.Credential.Source, Does.Contain(ConfigPath).And.Contain("auths"));
    }

    [Test]
    public async Task A_key_written_as_a_url_names_the_same_host()
    {
        WriteConfig($$"""{ "auths": { "other.example.com": { "auth": "{{Auth("x", "y")}}" }, "https://127.0.0.1:5001/v1/": { "auth": "{{Auth("deployer", "pw")}}" } } }""");
        var search = await Credentials().FindAsync(Local, CancellationToken.None);
        Assert.That(search.Credential!.Username, Is.EqualTo("deployer"));
    }

    [Test]
    public async Task Docker_hub_logins_are_found_under_the_index_address()
    {
        WriteConfig($$"""{ "auths": { "https://index.docker.io/v1/": { "auth": "{{Auth("hubuser", "pw")}}" } } }""");
        var search = await Credentials().FindAsync(RegistryLocation.Parse("myteam"), CancellationToken.None);
        Assert.That(search.Credential!.Username, Is.EqualTo("hubuser"));
    }

    [Test]
    public async Task An_identity_token_in_auths_is_used_as_a_token()
    {
        WriteConfig("""{ "auths": { "127.0.0.1:5001": { "auth": "", "identitytoken": "tok-123" } } }""");
        var search = await Credentials().FindAsync(Local, CancellationToken.None);
        Assert.That(search.Credential!.IsIdentityToken, Is.True);
        Assert.That(search.Credential.Secret, Is.EqualTo("tok-123"));
    }

    [Test]
    public async Task The_registry_s_credential_helper_is_asked_with_the_server_on_stdin()
    {
        WriteHelper("test", $$"""
            [ "$1" = get ] || exit 3
            cat > '{{AskedFile}}'
            printf '{"ServerURL":"127.0.0.1:5001","Username":"from-helper","Secret":"helper-secret"}'
            """);
        WriteConfig($$"""{ "credHelpers": { "127.0.0.1:5001": "test" }, "auths": { "127.0.0.1:5001": { "auth": "{{Auth("stale", "stale")}}" } } }""");

        var search = await Credentials().FindAsync(Local, CancellationToken.None);

        Assert.That(search.Credential!.Username, Is.EqualTo("from-helper"));
        Assert.That(search.Credential.Secret, Is.EqualTo("helper-secret"));
        Assert.That(search.Credential.Source, Does.Contain("docker-credential-test"));
        Assert.That(File.ReadAllText(AskedFile), Is.EqualTo("127.0.0.1:5001"));
    }

    [Test]
    public async Task The_creds_store_is_asked_when_no_helper_is_named_for_the_registry()
    {
        WriteHelper("store", """printf '{"ServerURL":"x","Username":"from-store","Secret":"store-secret"}'""");
        WriteConfig("""{ "credsStore": "store", "credHelpers": { "elsewhere.example.com": "test" }, "auths": { "127.0.0.1:5001": {} } }""");
        var search = await Credentials().FindAsync(Local, CancellationToken.None);
        Assert.That(search.Credential!.Username, Is.EqualTo("from-store"));
    }

    [Test]
    public async Task A_helper_answering_not_found_falls_back_to_auths()
    {
        WriteHelper("test", "echo 'credentials not found in native keychain'; exit 1");
        WriteConfig($$"""{ "credHelpers": { "127.0.0.1:5001": "test" }, "auths": { "127.0.0.1:5001": { "auth": "{{Auth("deployer", "pw")}}" } } }""");
        var search = await Credentials().FindAsync(Local, CancellationToken.None);
        Assert.That(search.Credential!.Username, Is.EqualTo("deployer"));
        Assert.That(search.Searched, Has.Some.Contains("docker-credential-test"));
    }

    [Test]
    public async Task A_failing_helper_is_a_coded_error_without_its_stdout()
    {
        WriteHelper("test", "echo 'half a secret on stdout'; echo 'the keyring is locked' >&2; exit 4");
        WriteConfig("""{ "credHelpers": { "127.0.0.1:5001": "test" } }""");
        var e = await Assert.ThrowsAsync<DeployException>(() => Credentials().FindAsync(Local, CancellationToken.None));
        Assert.That(e!.Code, Is.EqualTo("DOKKU7004"));
        Assert.That(e.Message, Does.Contain("docker-credential-test").And.Contain("the keyring is locked").And.Contain("exited with 4"));
        Assert.That(e.Message, Does.Not.Contain("half a secret"));
    }

    [Test]
    public async Task A_helper_that_is_not_on_PATH_is_a_coded_error()
    {
        WriteConfig("""{ "credHelpers": { "127.0.0.1:5001": "missing" } }""");
        var e = await Assert.ThrowsAsync<DeployException>(() => Credentials().FindAsync(Local, CancellationToken.None));
        Assert.That(e!.Code, Is.EqualTo("DOKKU7004"));
        Assert.That(e.Message, Does.Contain("docker-credential-missing was not found on PATH"));
    }

    [Test]
    public async Task A_helper_answering_garbage_is_a_coded_error_that_does_not_quote_it()
    {
        WriteHelper("test", "echo 'Secret=hunter2 not json'");
        WriteConfig("""{ "credHelpers": { "127.0.0.1:5001": "test" } }""");
        var e = await Assert.ThrowsAsync<DeployException>(() => Credentials().FindAsync(Local, CancellationToken.None));
        Assert.That(e!.Code, Is.EqualTo("DOKKU7004"));
        Assert.That(e.Message, Does.Not.Contain("hunter2"));
    }

    [Test]
    public async Task The_environment_overrides_the_docker_config()
    {
        WriteHelper("test", "exit 9");
        WriteConfig($$"""{ "credHelpers": { "127.0.0.1:5001": "test" }, "auths": { "127.0.0.1:5001": { "auth": "{{Auth("file", "file")}}" } } }""");
        variables["DOKKU_REGISTRY_USERNAME"] = "ci";
        variables["DOKKU_REGISTRY_PASSWORD"] = "from-ci-secret";
        var search = await Credentials().FindAsync(Local, CancellationToken.None);
        Assert.That(search.Credential!.Username, Is.EqualTo("ci"));
        Assert.That(search.Credential.Secret, Is.EqualTo("from-ci-secret"));
        Assert.That(search.Credential.Source, Is.EqualTo("DOKKU_REGISTRY_USERNAME/DOKKU_REGISTRY_PASSWORD"));
    }

    [TestCase("DOKKU_REGISTRY_USERNAME", "DOKKU_REGISTRY_PASSWORD")]
    [TestCase("DOKKU_REGISTRY_PASSWORD", "DOKKU_REGISTRY_USERNAME")]
    public async Task Half_a_login_in_the_environment_is_a_coded_error(string set, string missing)
    {
        variables[set] = "value-1234";
        var e = await Assert.ThrowsAsync<DeployException>(() => Credentials().FindAsync(Local, CancellationToken.None));
        Assert.That(e!.Code, Is.EqualTo("DOKKU7002"));
        Assert.That(e.Message, Does.Contain(set + " is set but " + missing + " is not"));
        Assert.That(e.Message, Does.Not.Contain("value-1234"));
    }

    [Test]
    public async Task Nothing_found_is_a_coded_error_naming_every_place_searched()
    {
        WriteHelper("test", "echo 'credentials not found in native keychain'; exit 1");
        WriteConfig($$"""{ "credHelpers": { "127.0.0.1:5001": "test" }, "auths": { "other.example.com": { "auth": "{{Auth("x", "y")}}" } } }""");

        var search = await Credentials().FindAsync(Local, CancellationToken.None);

        Assert.That(search.Found, Is.False);
        var e = Assert.Throws<DeployException>(() => search.Required());
        Assert.That(e!.Code, Is.EqualTo("DOKKU7003"));
        Assert.That(e.Message, Does.Contain("127.0.0.1:5001")
            .And.Contain("DOKKU_REGISTRY_USERNAME/DOKKU_REGISTRY_PASSWORD")
            .And.Contain("docker-credential-test (credHelpers in " + ConfigPath + ")")
            .And.Contain(ConfigPath + " (auths)")
            .And.Contain("docker login 127.0.0.1:5001"));
    }

    [Test]
    public async Task Without_DOCKER_CONFIG_the_home_folder_s_config_is_read_and_a_missing_one_is_named()
    {
        variables.Remove("DOCKER_CONFIG");
        var search = await Credentials().FindAsync(Local, CancellationToken.None);
        var expected = Path.Combine(root, "home", ".docker", "config.json");
        Assert.That(search.Searched, Has.Member($"{expected} (no such file)"));

        Directory.CreateDirectory(Path.GetDirectoryName(expected)!);
        File.WriteAllText(expected, $$"""{ "auths": { "127.0.0.1:5001": { "auth": "{{Auth("home", "pw")}}" } } }""");
        search = await Credentials().FindAsync(Local, CancellationToken.None);
        Assert.That(search.Credential!.Username, Is.EqualTo("home"));
    }

    [TestCase("{ not json")]
    [TestCase("[]")]
    [TestCase("""{ "auths": { "127.0.0.1:5001": { "auth": "***not base64***" } } }""")]
    [TestCase("""{ "auths": { "127.0.0.1:5001": { "auth": "bm9jb2xvbg==" } } }""")]
    public async Task A_broken_config_is_a_coded_error_naming_the_file(string json)
    {
        WriteConfig(json);
        var e = await Assert.ThrowsAsync<DeployException>(() => Credentials().FindAsync(Local, CancellationToken.None));
        Assert.That(e!.Code, Is.EqualTo("DOKKU7005"));
        Assert.That(e.Message, Does.Contain(ConfigPath));
    }

    [Test]
    public void A_credential_never_shows_its_secret()
    {
        var credential = new RegistryCredential("deployer", "p4ssw0rd-secret", "somewhere");
        Assert.That(credential.ToString(), Does.Not.Contain("p4ssw0rd-secret").And.Contain("deployer"));
        var token = new RegistryCredential("<token>", "p4ssw0rd-secret", "somewhere");
        Assert.That(token.ToString(), Does.Not.Contain("p4ssw0rd-secret").And.Contain("identity token"));
    }
}
