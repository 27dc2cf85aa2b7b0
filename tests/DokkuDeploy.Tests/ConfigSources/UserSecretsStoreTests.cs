using DokkuDeploy.Core.ConfigSources;
using DokkuDeploy.Core.Errors;
using NUnit.Framework;

namespace DokkuDeploy.Tests.ConfigSources;

public class UserSecretsStoreTests
{
    string folder = null!;

    [SetUp]
    public void MakeFolder() => folder = Directory.CreateTempSubdirectory("usersecrets-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(folder, recursive: true);

    static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Test]
    public void The_store_is_under_home_on_linux_and_macos() =>
        Assert.That(UserSecretsStore.PathFor("K", "abc-123", Env(("HOME", "/home/me"))),
            Is.EqualTo(Path.Combine("/home/me", ".microsoft", "usersecrets", "abc-123", "secrets.json")));

    [Test]
    public void The_store_is_under_appdata_when_it_is_set_as_on_windows() =>
        Assert.That(UserSecretsStore.PathFor("K", "abc-123", Env(("APPDATA", "/c/Users/me/AppData/Roaming"), ("HOME", "/home/me"))),
            Is.EqualTo(Path.Combine("/c/Users/me/AppData/Roaming", "Microsoft", "UserSecrets", "abc-123", "secrets.json")));

    [TestCase("../escape")]
    [TestCase("a/b")]
    [TestCase("a\\b")]
    [TestCase("..")]
    public void An_id_that_is_not_a_folder_name_is_DOKKU1114(string id) =>
        Assert.That(Assert.Throws<DeployException>(() => UserSecretsStore.PathFor("K", id, Env(("HOME", "/h"))))!.Code, Is.EqualTo("DOKKU1114"));

    [Test]
    public void Without_any_home_it_is_DOKKU1114() =>
        Assert.That(Assert.Throws<DeployException>(() => UserSecretsStore.PathFor("K", "id", Env()))!.Code, Is.EqualTo("DOKKU1114"));

    [Test]
    public void Nested_keys_flatten_with_colons_arrays_by_index_and_case_does_not_matter()
    {
        var path = Write("""
            {
              // dotnet user-secrets writes flat keys; people edit the file by hand too
              "Db:Password": "flat",
              "Stripe": { "Keys": { "Secret": "sk_nested" }, "Live": true, "Retries": 3, "Gone": null },
              "Hosts": ["a", "b"],
            }
            """);
        var store = UserSecretsStore.Load("K", path);

        Assert.That(Get(store, "db:password"), Is.EqualTo("flat"));
        Assert.That(Get(store, "Stripe:Keys:Secret"), Is.EqualTo("sk_nested"));
        Assert.That(Get(store, "STRIPE:LIVE"), Is.EqualTo("true"));
        Assert.That(Get(store, "Stripe:Retries"), Is.EqualTo("3"));
        Assert.That(Get(store, "Stripe:Gone"), Is.EqualTo(""));
        Assert.That(Get(store, "Hosts:1"), Is.EqualTo("b"));
        Assert.That(store.TryGet("Stripe:Keys", out _), Is.False, "an object is no value");
    }

    [Test]
    public void A_missing_store_is_DOKKU1115_naming_where_it_looked()
    {
        var path = Path.Combine(folder, "nope", "secrets.json");
        var error = Assert.Throws<DeployException>(() => UserSecretsStore.Load("DB_PASSWORD", path))!;
        Assert.That(error.Code, Is.EqualTo("DOKKU1115"));
        Assert.That(error.Message, Does.Contain("DB_PASSWORD").And.Contain(path));
    }

    [TestCase("{\"A\": \"sup3r-secret\" oops}")]
    [TestCase("[\"sup3r-secret\"]")]
    [TestCase("\"sup3r-secret\"")]
    public void A_store_that_is_not_a_json_object_is_DOKKU1116_without_its_text(string json)
    {
        var error = Assert.Throws<DeployException>(() => UserSecretsStore.Load("K", Write(json)))!;
        Assert.That(error.Code, Is.EqualTo("DOKKU1116"));
        Assert.That(error.Message + error, Does.Not.Contain("sup3r").And.Not.Contain("oops"));
    }

    [Test]
    public void An_empty_file_is_an_empty_store() =>
        Assert.That(UserSecretsStore.Load("K", Write("")).TryGet("A", out _), Is.False);

    string Write(string json)
    {
        var path = Path.Combine(folder, "secrets.json");
        File.WriteAllText(path, json);
        return path;
    }

    static string Get(UserSecretsStore store, string name) => store.TryGet(name, out var value) ? value : "<missing>";
}
