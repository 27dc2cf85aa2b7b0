using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Dokku;

namespace DokkuDeploy.Tests.Deploy;

public sealed class ServerLayersTests
{
    static readonly DateTimeOffset Monday = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    string directory = "";

    [SetUp]
    public void MakeDirectory() => directory = Directory.CreateTempSubdirectory("dokku-server-layers-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    static DokkuRemote On(string host, string app) => new("dokku", host, 22, app);

    static List<ImageLayer> Layers(params string[] ids) => ids.Select(id => new ImageLayer(id, 100)).ToList();

    [Test]
    public void A_new_app_reuses_the_base_another_app_brought_to_the_same_server()
    {
        var layers = new ServerLayers(directory);
        layers.Record(On("box", "shop"), Layers("os", "dotnet", "aspnet", "shop-app"), Monday);

        var held = layers.BestBaseFor(On("box", "blog"), ["os", "dotnet", "aspnet", "blog-app"], []);

        Assert.That(held.Select(l => l.DiffId), Is.EqualTo(new[] { "os", "dotnet", "aspnet" }));
    }

    [Test]
    public void Another_server_or_port_shares_nothing()
    {
        var layers = new ServerLayers(directory);
        layers.Record(On("box", "shop"), Layers("os", "dotnet"), Monday);

        Assert.Multiple(() =>
        {
            Assert.That(layers.BestBaseFor(On("other", "blog"), ["os", "dotnet"], []), Is.Empty);
            Assert.That(layers.BestBaseFor(new DokkuRemote("dokku", "box", 2222, "blog"), ["os", "dotnet"], []), Is.Empty);
        });
    }

    [Test]
    public void A_layer_counts_only_on_the_same_stack_beneath_it()
    {
        var layers = new ServerLayers(directory);
        layers.Record(On("box", "shop"), Layers("alpine", "dotnet", "aspnet"), Monday);

        Assert.That(layers.BestBaseFor(On("box", "blog"), ["debian", "dotnet", "aspnet"], []), Is.Empty,
            "docker load finds a layer by its chain: the same diff on another base is another layer");
    }

    [Test]
    public void The_longest_common_base_wins_whether_the_apps_own_or_anothers()
    {
        var layers = new ServerLayers(directory);
        layers.Record(On("box", "shop"), Layers("os", "dotnet", "aspnet", "shop-app"), Monday);
        layers.Record(On("box", "api"), Layers("os", "dotnet"), Monday.AddHours(1));

        Assert.Multiple(() =>
        {
            Assert.That(layers.BestBaseFor(On("box", "blog"), ["os", "dotnet", "aspnet", "x"], Layers("os")).Count, Is.EqualTo(3));
            Assert.That(layers.BestBaseFor(On("box", "blog"), ["os", "dotnet", "aspnet", "x"], Layers("os", "dotnet", "aspnet", "old")).Count, Is.EqualTo(3));
        });
    }

    [Test]
    public void An_app_keeps_one_stack_its_latest()
    {
        var layers = new ServerLayers(directory);
        layers.Record(On("box", "shop"), Layers("os", "v1"), Monday);
        layers.Record(On("box", "shop"), Layers("os", "v2"), Monday.AddDays(1));

        var stacks = layers.Find(On("box", "any"));
        Assert.That(stacks.Select(s => (s.App, s.Layers[^1].DiffId)), Is.EqualTo(new[] { ("shop", "v2") }));
    }

    [Test]
    public void The_oldest_stacks_go_first_beyond_the_limit()
    {
        var layers = new ServerLayers(directory);
        for (var i = 0; i < ServerLayers.MaxStacks + 3; i++)
        {
            layers.Record(On("box", $"app{i}"), Layers("os", $"app{i}"), Monday.AddMinutes(i));
        }

        var apps = layers.Find(On("box", "any")).Select(s => s.App).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(apps, Has.Count.EqualTo(ServerLayers.MaxStacks));
            Assert.That(apps, Does.Not.Contain("app0").And.Not.Contain("app2"));
            Assert.That(apps, Does.Contain($"app{ServerLayers.MaxStacks + 2}"));
        });
    }

    [Test]
    public void A_forgotten_or_damaged_server_holds_nothing_we_know_of()
    {
        var layers = new ServerLayers(directory);
        layers.Record(On("box", "shop"), Layers("os"), Monday);
        layers.Forget(On("box", "blog"));
        Assert.That(layers.Find(On("box", "shop")), Is.Empty, "forgetting is per server: the server pruned, not the app");

        layers.Record(On("box", "shop"), Layers("os"), Monday);
        foreach (var file in Directory.GetFiles(directory))
        {
            File.WriteAllText(file, "{ not json");
        }

        Assert.That(layers.BestBaseFor(On("box", "blog"), ["os"], []), Is.Empty);
    }
}
