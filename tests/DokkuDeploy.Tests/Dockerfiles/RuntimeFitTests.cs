using DokkuDeploy.Core.Dockerfiles;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Tests.BuildContext;

namespace DokkuDeploy.Tests.Dockerfiles;

/// <summary>A framework-dependent app on an older target framework than its base image starts only when it rolls forward.</summary>
public sealed class RuntimeFitTests
{
    static readonly AppShape Net8 = new() { TargetFrameworkVersion = "v8.0", IsAspNetCore = true };

    static TempTree Published(string? rollForward) => new TempTree().File("App.dll").File("App.runtimeconfig.json",
        rollForward is null
            ? """{ "runtimeOptions": { "tfm": "net8.0", "framework": { "name": "Microsoft.AspNetCore.App", "version": "8.0.0" } } }"""
            : $$"""{ "runtimeOptions": { "tfm": "net8.0", "rollForward": "{{rollForward}}", "framework": { "name": "Microsoft.AspNetCore.App", "version": "8.0.0" } } }""");

    [Test]
    public void A_net8_app_on_a_10_image_without_roll_forward_is_DOKKU1136()
    {
        using var app = Published(null);
        var error = Assert.Throws<DeployException>(() => RuntimeFit.Check(Net8, "mcr.microsoft.com/dotnet/aspnet:10.0", app.Root, "App.dll", null))!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo("DOKKU1136"));
            Assert.That(error.Message, Does.Contain("<RollForward>Major</RollForward>"));
            Assert.That(error.Message, Does.Contain("8.0 image"));
        });
    }

    [TestCase("Major")]
    [TestCase("LatestMajor")]
    public void Rolling_forward_to_a_new_major_is_allowed(string rollForward)
    {
        using var app = Published(rollForward);
        Assert.That(() => RuntimeFit.Check(Net8, "mcr.microsoft.com/dotnet/aspnet:10.0", app.Root, "App.dll", null), Throws.Nothing);
    }

    [Test]
    public void DOTNET_ROLL_FORWARD_in_the_config_counts_as_the_host_reads_it_first()
    {
        using var app = Published("Minor");
        Assert.That(() => RuntimeFit.Check(Net8, "mcr.microsoft.com/dotnet/aspnet:10.0", app.Root, "App.dll", "Major"), Throws.Nothing);
    }

    [Test]
    public void LatestMinor_does_not_cross_a_major()
    {
        using var app = Published("LatestMinor");
        Assert.That(Assert.Throws<DeployException>(() => RuntimeFit.Check(Net8, "mcr.microsoft.com/dotnet/aspnet:10.0", app.Root, "App.dll", null))!.Message,
            Does.Contain("RollForward=LatestMinor"));
    }

    [Test]
    public void An_image_older_than_the_target_never_fits()
    {
        using var app = Published("LatestMajor");
        var shape = Net8 with { TargetFrameworkVersion = "v10.0" };
        Assert.That(Assert.Throws<DeployException>(() => RuntimeFit.Check(shape, "mcr.microsoft.com/dotnet/aspnet:8.0", app.Root, "App.dll", null))!.Message,
            Does.Contain("older than the app's target framework net10.0"));
    }

    [TestCase("mcr.microsoft.com/dotnet/aspnet:8.0")]
    [TestCase("mcr.microsoft.com/dotnet/aspnet:8.0-noble-chiseled")]
    [TestCase("registry.example.com/my-base:latest")]
    public void Its_own_major_or_an_unknown_image_is_not_judged(string image)
    {
        using var app = Published(null);
        Assert.That(() => RuntimeFit.Check(Net8, image, app.Root, "App.dll", null), Throws.Nothing);
    }

    [Test]
    public void A_self_contained_app_brings_its_runtime()
    {
        using var app = Published(null);
        Assert.That(() => RuntimeFit.Check(Net8 with { SelfContained = true }, "mcr.microsoft.com/dotnet/aspnet:10.0", app.Root, "App.dll", null), Throws.Nothing);
    }
}
