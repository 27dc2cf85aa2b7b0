using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Ssh;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Ssh;

public class SshCredentialsTests
{
    [Test]
    public void Loads_an_unencrypted_key_file()
    {
        using var dir = new TempDirectory();
        var key = TestKeys.Generate(dir.Path, "id");

        using var loaded = PrivateKeyLoader.LoadOne(SshKeySource.FromFile(key), null);

        Assert.That(loaded.Key, Is.Not.Null);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Loads_an_encrypted_key_with_the_right_passphrase(bool pem)
    {
        using var dir = new TempDirectory();
        var key = TestKeys.Generate(dir.Path, "id", pem ? "rsa" : "ed25519", "s3cret-pass", pem);

        Assert.DoesNotThrow(() => PrivateKeyLoader.LoadOne(SshKeySource.FromFile(key), "s3cret-pass").Dispose());
    }

    [TestCase(false)]
    [TestCase(true)]
    public void A_wrong_passphrase_names_the_file_but_not_the_passphrase(bool pem)
    {
        using var dir = new TempDirectory();
        var key = TestKeys.Generate(dir.Path, "id", pem ? "rsa" : "ed25519", "s3cret-pass", pem);

        var error = Assert.Throws<DeployException>(() => PrivateKeyLoader.LoadOne(SshKeySource.FromFile(key), "wrong-pass"))!;

        Assert.That(error.Code, Is.EqualTo("DOKKU4024"));
        Assert.That(error.Message, Does.Contain(key));
        Assert.That(error.Message, Does.Not.Contain("wrong-pass").And.Not.Contain("s3cret-pass"));
    }

    [Test]
    public void A_missing_passphrase_names_the_file()
    {
        using var dir = new TempDirectory();
        var key = TestKeys.Generate(dir.Path, "id", "ed25519", "s3cret-pass");

        var error = Assert.Throws<DeployException>(() => PrivateKeyLoader.LoadOne(SshKeySource.FromFile(key), null))!;

        Assert.That(error.Code, Is.EqualTo("DOKKU4023"));
        Assert.That(error.Message, Does.Contain(key));
    }

    [Test]
    public void Key_content_errors_name_the_variable_not_the_content()
    {
        using var dir = new TempDirectory();
        var content = File.ReadAllText(TestKeys.Generate(dir.Path, "id", "ed25519", "s3cret-pass"));

        var error = Assert.Throws<DeployException>(() =>
            PrivateKeyLoader.LoadOne(SshKeySource.FromContent(content), "nope"))!;

        Assert.That(error.Code, Is.EqualTo("DOKKU4024"));
        Assert.That(error.Message, Does.Contain("the key from DOKKU_SSH_KEY"));
        Assert.That(error.Message, Does.Not.Contain("PRIVATE KEY").And.Not.Contain(content.Split('\n')[1]));
        Assert.That(error.InnerException, Is.Null);
    }

    [Test]
    public void Key_content_squeezed_into_one_line_with_literal_backslash_n_still_loads()
    {
        using var dir = new TempDirectory();
        var content = File.ReadAllText(TestKeys.Generate(dir.Path, "id"));
        var oneLine = content.Replace("\n", "\\n");

        Assert.DoesNotThrow(() => PrivateKeyLoader.LoadOne(SshKeySource.FromContent(oneLine), null).Dispose());
        Assert.DoesNotThrow(() => PrivateKeyLoader.LoadOne(SshKeySource.FromContent(content.Replace("\n", "\r\n")), null).Dispose());
    }

    [Test]
    public void Garbage_is_an_invalid_key()
    {
        var error = Assert.Throws<DeployException>(() =>
            PrivateKeyLoader.LoadOne(SshKeySource.FromContent("not a key at all", "the key from X"), null))!;

        Assert.That(error.Code, Is.EqualTo("DOKKU4025"));
        Assert.That(error.Message, Does.Contain("the key from X").And.Not.Contain("not a key at all"));
    }

    [Test]
    public void A_public_key_given_as_private_key_is_an_invalid_key()
    {
        using var dir = new TempDirectory();
        var key = TestKeys.Generate(dir.Path, "id");

        var error = Assert.Throws<DeployException>(() => PrivateKeyLoader.LoadOne(SshKeySource.FromFile(key + ".pub"), null))!;

        Assert.That(error.Code, Is.EqualTo("DOKKU4025"));
    }

    [Test]
    public void A_missing_key_file_is_a_coded_error()
    {
        var error = Assert.Throws<DeployException>(() =>
            PrivateKeyLoader.Load(SshCredentials.FromKeyFiles(["/nonexistent/id_ed25519"]), new CollectingLog()))!;

        Assert.That(error.Code, Is.EqualTo("DOKKU4022"));
        Assert.That(error.Message, Does.Contain("/nonexistent/id_ed25519"));
    }

    [Test]
    public void Default_identities_are_the_ones_that_exist_in_OpenSSH_order()
    {
        using var home = new TempDirectory();
        Directory.CreateDirectory(home.File(".ssh"));
        TestKeys.Generate(home.File(".ssh"), "id_rsa", "rsa");
        TestKeys.Generate(home.File(".ssh"), "id_ed25519");

        var credentials = SshCredentials.DefaultIdentities(homeDirectory: home.Path);

        Assert.That(credentials.Keys.Select(k => Path.GetFileName(k.Path)), Is.EqualTo(new[] { "id_ed25519", "id_rsa" }));
    }

    [Test]
    public void No_default_identity_is_a_coded_error_listing_where_it_looked()
    {
        using var home = new TempDirectory();

        var error = Assert.Throws<DeployException>(() =>
            PrivateKeyLoader.Load(SshCredentials.DefaultIdentities(homeDirectory: home.Path), new CollectingLog()))!;

        Assert.That(error.Code, Is.EqualTo("DOKKU4021"));
        Assert.That(error.Message, Does.Contain(Path.Combine(home.Path, ".ssh", "id_ecdsa")));
    }

    [Test]
    public void An_encrypted_default_identity_is_skipped_with_a_warning_when_another_works()
    {
        using var home = new TempDirectory();
        Directory.CreateDirectory(home.File(".ssh"));
        TestKeys.Generate(home.File(".ssh"), "id_ed25519", passphrase: "locked");
        TestKeys.Generate(home.File(".ssh"), "id_rsa", "rsa");
        var log = new CollectingLog();

        var keys = PrivateKeyLoader.Load(SshCredentials.DefaultIdentities(homeDirectory: home.Path), log);

        Assert.That(keys.Select(k => Path.GetFileName(k.Source.Path)), Is.EqualTo(new[] { "id_rsa" }));
        Assert.That(log.Lines, Has.One.StartsWith("warning DOKKU4023").And.Contains("id_ed25519"));
    }

    [Test]
    public void ToString_never_shows_the_passphrase()
    {
        var credentials = SshCredentials.FromKeyContent("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n", "pass-phrase-123");

        Assert.That(credentials.ToString(), Does.Not.Contain("pass-phrase-123").And.Not.Contain("abc"));
    }
}
