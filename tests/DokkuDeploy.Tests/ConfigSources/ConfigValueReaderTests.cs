using System.Text;
using DokkuDeploy.Core.ConfigSources;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Tests.Dokku;
using NUnit.Framework;

namespace DokkuDeploy.Tests.ConfigSources;

public class ConfigValueReaderTests
{
    const string Id = "7c2e-test";
    string home = null!;
    string project = null!;
    RecordingLog log = null!;

    [SetUp]
    public void MakeFolders()
    {
        home = Directory.CreateTempSubdirectory("reader-home-").FullName;
        project = Directory.CreateTempSubdirectory("reader-project-").FullName;
        log = new RecordingLog();
    }

    [TearDown]
    public void RemoveFolders()
    {
        Directory.Delete(home, recursive: true);
        Directory.Delete(project, recursive: true);
    }

    ConfigValueReader Reader(string? userSecretsId = Id, params (string Name, string Value)[] variables) =>
        new(new ConfigSourceContext(project, userSecretsId, name => name == "HOME" ? home : variables.FirstOrDefault(v => v.Name == name).Value), log);

    string Store(string json)
    {
        var folder = Directory.CreateDirectory(Path.Combine(home, ".microsoft", "usersecrets", Id)).FullName;
        File.WriteAllText(Path.Combine(folder, "secrets.json"), json);
        return Path.Combine(folder, "secrets.json");
    }

    static DeployException Fails(Action read) => Assert.Throws<DeployException>(() => read())!;

    [Test]
    public void Each_source_gives_its_value()
    {
        Store("""{ "Db": { "Password": "from-secrets" } }""");
        File.WriteAllText(Path.Combine(project, "token.txt"), "from-file\n");

        var values = Reader(Id, ("SHOP_TOKEN", "from-env")).Read([
            new ConfigItem("GREETING", Value: "hello"),
            new ConfigItem("API_TOKEN", FromEnvironment: "SHOP_TOKEN"),
            new ConfigItem("DB_PASSWORD", FromUserSecrets: "db:password"),
            new ConfigItem("SIGNING_KEY", FromFile: "token.txt"),
            new ConfigItem("EMPTY"),
        ]);

        Assert.That(values, Is.EqualTo(new Dictionary<string, string>
        {
            ["GREETING"] = "hello", ["API_TOKEN"] = "from-env", ["DB_PASSWORD"] = "from-secrets", ["SIGNING_KEY"] = "from-file", ["EMPTY"] = "",
        }));
        Assert.That(log.Warnings, Is.Empty);
    }

    [TestCase("value\n", "value")]
    [TestCase("value\r\n", "value")]
    [TestCase("value", "value")]
    [TestCase("two\nlines\n", "two\nlines")]
    [TestCase("ends with blank line\n\n", "ends with blank line\n")]
    [TestCase("  padded  \n", "  padded  ")]
    [TestCase("\n", "")]
    [TestCase("\uFEFFbom\n", "bom")]
    public void A_file_loses_its_one_final_line_ending_and_nothing_else(string content, string value)
    {
        File.WriteAllText(Path.Combine(project, "v.txt"), content, new UTF8Encoding(false));
        Assert.That(Reader().Read([new ConfigItem("K", FromFile: "v.txt")])["K"], Is.EqualTo(value));
    }

    [Test]
    public void An_absolute_file_path_is_used_as_it_is()
    {
        var path = Path.Combine(home, "abs.txt");
        File.WriteAllText(path, "abs");
        Assert.That(Reader().Read([new ConfigItem("K", FromFile: path)])["K"], Is.EqualTo("abs"));
    }

    [Test]
    public void A_missing_file_is_DOKKU1118_naming_key_and_full_path()
    {
        var error = Fails(() => Reader().Read([new ConfigItem("SIGNING_KEY", FromFile: "secrets/missing.txt")]));
        Assert.That(error.Code, Is.EqualTo("DOKKU1118"));
        Assert.That(error.Message, Does.Contain("SIGNING_KEY").And.Contain(Path.Combine(project, "secrets", "missing.txt")));
    }

    [Test]
    public void A_file_that_is_not_text_is_DOKKU1118()
    {
        File.WriteAllBytes(Path.Combine(project, "bin.dat"), [0x41, 0x00, 0x42]);
        File.WriteAllBytes(Path.Combine(project, "latin1.txt"), [0x63, 0x61, 0x66, 0xE9]);
        Assert.That(Fails(() => Reader().Read([new ConfigItem("K", FromFile: "bin.dat")])).Message, Does.Contain("NUL"));
        Assert.That(Fails(() => Reader().Read([new ConfigItem("K", FromFile: "latin1.txt")])).Message, Does.Contain("UTF-8"));
    }

    [Test]
    public void A_project_without_user_secrets_is_DOKKU1114()
    {
        var error = Fails(() => Reader(userSecretsId: null).Read([new ConfigItem("DB_PASSWORD", FromUserSecrets: "Db:Password")]));
        Assert.That(error.Code, Is.EqualTo("DOKKU1114"));
        Assert.That(error.Message, Does.Contain("DB_PASSWORD").And.Contain("dotnet user-secrets init"));
    }

    [Test]
    public void A_store_that_does_not_exist_is_DOKKU1115()
    {
        var error = Fails(() => Reader().Read([new ConfigItem("DB_PASSWORD", FromUserSecrets: "Db:Password")]));
        Assert.That(error.Code, Is.EqualTo("DOKKU1115"));
        Assert.That(error.Message, Does.Contain(Path.Combine(home, ".microsoft", "usersecrets", Id, "secrets.json")));
    }

    [Test]
    public void A_name_the_store_lacks_is_DOKKU1117_naming_where_it_looked_and_no_value()
    {
        var path = Store("""{ "Db:User": "sa-hidden-value" }""");
        var error = Fails(() => Reader().Read([new ConfigItem("DB_PASSWORD", FromUserSecrets: "Db:Password")]));
        Assert.That(error.Code, Is.EqualTo("DOKKU1117"));
        Assert.That(error.Message, Does.Contain("DB_PASSWORD").And.Contain("Db:Password").And.Contain(path).And.Not.Contain("sa-hidden-value"));
    }

    [Test]
    public void A_missing_environment_variable_is_still_DOKKU1102() =>
        Assert.That(Fails(() => Reader().Read([new ConfigItem("API_TOKEN", FromEnvironment: "NOT_SET")])).Code, Is.EqualTo("DOKKU1102"));

    [TestCase("v", "E", null, null)]
    [TestCase(null, "E", "S", null)]
    [TestCase(null, null, "S", "f.txt")]
    [TestCase("v", null, null, "f.txt")]
    public void Two_sources_are_DOKKU1119(string? value, string? environment, string? secrets, string? file)
    {
        var error = Fails(() => Reader().Read([new ConfigItem("K", value, environment, secrets, file)]));
        Assert.That(error.Code, Is.EqualTo("DOKKU1119"));
        Assert.That(error.Message, Does.Not.Contain("'v'"));
    }

    [Test]
    public void A_secret_looking_name_with_its_value_in_the_project_warns_DOKKU1113_without_the_value()
    {
        Reader().Read([
            new ConfigItem("DB_PASSWORD", Value: "hunter2"),
            new ConfigItem("ASPNETCORE_ENVIRONMENT", Value: "Production"),
            new ConfigItem("API_KEY", Value: ""),
        ]);

        var warning = log.Warnings.Single();
        Assert.That(warning.Code, Is.EqualTo("DOKKU1113"));
        Assert.That(warning.Message, Does.Contain("DB_PASSWORD").And.Contain("binary log").And.Contain("FromUserSecrets").And.Not.Contain("hunter2"));
    }

    [Test]
    public void The_store_is_read_once_for_many_items()
    {
        var path = Store("""{ "A": "1", "B": "2" }""");
        var reader = Reader();
        var first = reader.Read([new ConfigItem("X", FromUserSecrets: "A")]);
        File.Delete(path);
        var second = reader.Read([new ConfigItem("Y", FromUserSecrets: "B")]);
        Assert.That((first["X"], second["Y"]), Is.EqualTo(("1", "2")));
    }
}
