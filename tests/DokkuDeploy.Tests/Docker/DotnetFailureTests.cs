using System.Text.Json;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Tests.Dokku;

namespace DokkuDeploy.Tests.Docker;

/// <summary>
/// Issue 15 item 7: the .NET SDK's failures inside a Docker build, as `dotnet` 10.0.401 printed them here
/// (a global.json pinning a missing SDK; nuget.config package source mapping; a missing local feed).
/// </summary>
public sealed class DotnetFailureTests
{
    static readonly string[] SdkNotFound =
    [
        "The command could not be loaded, possibly because:",
        "  * You intended to execute a .NET application:",
        "      The application 'restore' does not exist or is not a managed .dll or .exe.",
        "  * You intended to execute a .NET SDK command:",
        "      A compatible .NET SDK was not found.",
        "",
        "Requested SDK version: 9.0.100",
        "global.json file: /src/global.json",
        "",
        "Installed SDKs:",
        "10.0.401 [/usr/share/dotnet/sdk]",
        "",
        "Install the [9.0.100] .NET SDK or update [/src/global.json] to match an installed SDK.",
        "",
        "Learn about SDK resolution:",
        "https://aka.ms/dotnet/sdk-not-found",
    ];

    [Test]
    public void A_global_json_pin_is_DOKKU1120_naming_the_version_and_the_file()
    {
        var error = DotnetFailure.Recognize(SdkNotFound, "The Docker build");
        Assert.Multiple(() =>
        {
            Assert.That(error?.Code, Is.EqualTo("DOKKU1120"));
            Assert.That(error?.Message, Does.Contain("/src/global.json pins SDK 9.0.100").And.Contain("rollForward").And.StartWith("The Docker build failed"));
        });
    }

    [Test]
    public void The_pin_is_recognised_from_the_tail_alone_with_BuildKit_prefixes()
    {
        var tail = SdkNotFound.Skip(6).Select((line, i) => $"#12 0.{300 + i} {line}");
        Assert.That(DotnetFailure.Recognize(tail, "x")?.Message, Does.Contain("/src/global.json pins SDK 9.0.100"));
    }

    [Test]
    public void The_pin_is_recognised_without_its_last_line()
    {
        Assert.That(DotnetFailure.Recognize(SdkNotFound.Take(9), "x")?.Message, Does.Contain("/src/global.json pins SDK 9.0.100"));
    }

    [Test]
    public void The_older_SDKs_wording_of_the_pin_is_recognised()
    {
        var line = "A compatible installed .NET SDK for global.json version [6.0.100] from [/src/global.json] was not found";
        Assert.That(DotnetFailure.Recognize([line], "x")?.Code, Is.EqualTo("DOKKU1120"));
    }

    [TestCase("/src/Shop/Shop.csproj : error NU1101: Unable to find package DokkuDeploy. No packages exist with this id in source(s): nuget.org. PackageSourceMapping is enabled, the following source(s) were not considered: local.", "DokkuDeploy", "local")]
    [TestCase("#14 2.118 /src/Shop/Shop.csproj : error NU1100: Unable to resolve 'DokkuDeploy (>= 0.1.0-health.1)' for 'net10.0'. PackageSourceMapping is enabled, the following source(s) were not considered: local, nuget.org. [/src/Shop.sln]", "DokkuDeploy", "local, nuget.org")]
    [TestCase("error NU1101: Unable to find package Contoso.Tools.Deploy. No packages exist with this id in source(s): company. PackageSourceMapping is enabled, the following source(s) were not considered: nuget.org.", "Contoso.Tools.Deploy", "nuget.org")]
    public void Package_source_mapping_is_DOKKU1121_naming_the_package_and_the_sources(string line, string package, string sources)
    {
        var error = DotnetFailure.Recognize(["  Determining projects to restore...", line, "  Failed to restore /src/Shop/Shop.csproj (in 727 ms)."], "Dokku's build of the push on example.com");
        Assert.Multiple(() =>
        {
            Assert.That(error?.Code, Is.EqualTo("DOKKU1121"));
            Assert.That(error?.Message, Does.Contain($"'{package}'").And.Contain($"source(s) {sources}. ").And.Contain($"<package pattern=\"{package}\" />"));
        });
    }

    [Test]
    public void NU1102_under_package_source_mapping_is_DOKKU1121()
    {
        string[] lines =
        [
            "/src/Shop/Shop.csproj : error NU1102: Unable to find package DokkuDeploy with version (= 9.9.9)",
            "/src/Shop/Shop.csproj : error NU1102:   - Found 1 version(s) in local [ Nearest version: 0.1.0-health.1 ]",
            "/src/Shop/Shop.csproj : error NU1102:   - Versions from nuget.org were not considered",
        ];
        Assert.That(DotnetFailure.Recognize(lines, "x")?.Message, Does.Contain("'DokkuDeploy'").And.Contain("source(s) nuget.org. "));
    }

    [Test]
    public void A_missing_package_without_source_mapping_is_left_to_the_build_error()
    {
        string[] lines = ["error NU1101: Unable to find package DokkuDeploy. No packages exist with this id in source(s): nuget.org"];
        Assert.That(DotnetFailure.Recognize(lines, "x"), Is.Null);
    }

    [Test]
    public void A_missing_local_feed_is_DOKKU1122()
    {
        string[] lines = ["/src/Shop/Shop.csproj : error NU1301: The local source '/artifacts/packages' doesn't exist."];
        var error = DotnetFailure.Recognize(lines, "The Docker build");
        Assert.Multiple(() =>
        {
            Assert.That(error?.Code, Is.EqualTo("DOKKU1122"));
            Assert.That(error?.Message, Does.Contain("'/artifacts/packages'"));
        });
    }

    [Test]
    public void Other_build_failures_are_not_claimed()
    {
        string[] lines = ["Program.cs(3,1): error CS0103: The name 'Foo' does not exist in the current context", "Build FAILED."];
        Assert.That(DotnetFailure.Recognize(lines, "x"), Is.Null);
    }

    [Test]
    public void The_legacy_builders_last_lines_are_kept_for_recognition()
    {
        var reader = new BuildOutputReader(new RecordingLog());
        reader.Report(JsonSerializer.Serialize(new { stream = "Step 4/6 : RUN dotnet publish -c Release -o /app\n" }));
        foreach (var line in SdkNotFound)
        {
            reader.Report(JsonSerializer.Serialize(new { stream = line + "\n" }));
        }

        reader.Report(JsonSerializer.Serialize(new { error = "The command '/bin/sh -c dotnet publish' returned a non-zero code: 145" }));
        Assert.That(DotnetFailure.Recognize(reader.RecentOutput, "The Docker build")?.Code, Is.EqualTo("DOKKU1120"));
    }
}
