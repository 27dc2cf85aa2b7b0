using DokkuDeploy.Core.Dockerfiles;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Tests.Dockerfiles;

/// <summary>The base image and the start command follow how the app was published, as the SDK's container tasks pick them.</summary>
public sealed class AppShapeTests
{
    static AppShape Shape(bool aspnet = true, bool selfContained = false, bool singleFile = false, bool aot = false, bool trimmed = false, string? rid = null, string tfm = "v10.0") =>
        new() { TargetFrameworkVersion = tfm, IsAspNetCore = aspnet, SelfContained = selfContained, SingleFile = singleFile, NativeAot = aot, Trimmed = trimmed, RuntimeIdentifier = rid };

    [Test]
    public void Framework_dependent_web_app_runs_dotnet_on_aspnet() => Assert.Multiple(() =>
    {
        var shape = Shape();
        Assert.That(BaseImages.For(shape), Is.EqualTo("mcr.microsoft.com/dotnet/aspnet:10.0"));
        Assert.That(shape.StartsWithAppHost, Is.False);
        Assert.That(shape.ProcessType, Is.EqualTo("web"));
    });

    [Test]
    public void Console_app_runs_on_the_runtime_image_as_a_worker() => Assert.Multiple(() =>
    {
        var shape = Shape(aspnet: false, tfm: "v8.0");
        Assert.That(BaseImages.For(shape), Is.EqualTo("mcr.microsoft.com/dotnet/runtime:8.0"));
        Assert.That(shape.ProcessType, Is.EqualTo("worker"));
        Assert.That(shape.ServesHttp, Is.False);
    });

    [TestCase(true, false, false, false)]
    [TestCase(true, true, false, true)]
    [TestCase(false, false, true, false)]
    public void Apps_that_bring_their_runtime_start_the_apphost_on_runtime_deps(bool selfContained, bool singleFile, bool aot, bool trimmed) => Assert.Multiple(() =>
    {
        var shape = Shape(selfContained: selfContained, singleFile: singleFile, aot: aot, trimmed: trimmed, rid: "linux-x64");
        Assert.That(BaseImages.For(shape), Is.EqualTo("mcr.microsoft.com/dotnet/runtime-deps:10.0"));
        Assert.That(shape.StartsWithAppHost, Is.True);
        Assert.That(() => shape.CheckRunsOnLinux(), Throws.Nothing);
    });

    [Test]
    public void Framework_dependent_single_file_starts_the_apphost_on_the_shared_runtime() => Assert.Multiple(() =>
    {
        var shape = Shape(singleFile: true, rid: "linux-x64");
        Assert.That(BaseImages.For(shape), Is.EqualTo("mcr.microsoft.com/dotnet/aspnet:10.0"));
        Assert.That(shape.StartsWithAppHost, Is.True);
    });

    [Test]
    public void Musl_apps_get_the_alpine_variant() =>
        Assert.That(BaseImages.For(Shape(selfContained: true, rid: "linux-musl-x64")), Is.EqualTo("mcr.microsoft.com/dotnet/runtime-deps:10.0-alpine"));

    [TestCase("win-x64")]
    [TestCase("osx-arm64")]
    [TestCase("")]
    public void An_apphost_for_another_OS_is_refused_with_DOKKU1135(string rid)
    {
        var error = Assert.Throws<DeployException>(() => Shape(selfContained: true, rid: rid).CheckRunsOnLinux())!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Code, Is.EqualTo("DOKKU1135"));
            Assert.That(error.Message, Does.Contain("-r linux-x64"));
        });
    }

    [TestCase("web", true)]
    [TestCase(" Worker ", false)]
    public void DokkuProcessType_overrides_the_inference(string setting, bool servesHttp) =>
        Assert.That((Shape(aspnet: !servesHttp) with { ProcessTypeSetting = setting }).ServesHttp, Is.EqualTo(servesHttp));

    [Test]
    public void An_unknown_process_type_is_DOKKU1138() =>
        Assert.That(Assert.Throws<DeployException>(() => _ = (Shape() with { ProcessTypeSetting = "cron" }).ProcessType)!.Code, Is.EqualTo("DOKKU1138"));

    [Test]
    public void Describes_itself_for_the_log() =>
        Assert.That(Shape(selfContained: true, singleFile: true, trimmed: true, rid: "linux-x64").Describe(),
            Is.EqualTo("self-contained single-file trimmed ASP.NET Core app for linux-x64"));

    [TestCase("mcr.microsoft.com/dotnet/aspnet:8.0", "8.0")]
    [TestCase("mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled", "10.0")]
    [TestCase("dokkudeploy-test/aspnet:10.0", "10.0")]
    [TestCase("mcr.microsoft.com/dotnet/runtime-deps:10.0", null)]
    [TestCase("nginx:1.27", null)]
    public void Reads_the_runtime_version_from_an_official_tag(string image, string? version) =>
        Assert.That(BaseImages.RuntimeVersionOf(image)?.ToString(), Is.EqualTo(version));
}
