using System.Text;
using System.Text.Json;
using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>How config values survive the trip: Dokku re-splits the SSH command line with xargs.</summary>
[TestFixture]
public sealed class ConfigTests : StandInTestBase
{
    static readonly string[] HardValues =
    [
        "hello world",
        "p@ss w0rd$",
        "$HOME and ${PATH}",
        "single ' quote",
        "double \" quote",
        "star * and ? glob",
        "back\\slash",
        "multi\nline",
        "<tag> & amp",
        "  leading and trailing  ",
    ];

    [TestCaseSource(nameof(HardValues))]
    public async Task EncodedValueRoundTripsExactly(string value)
    {
        var app = await CreateAppAsync();
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

        await RunOkAsync($"config:set --encoded --no-restart {app} HARD={encoded}");

        var get = await RunOkAsync($"config:get {app} HARD");
        Assert.That(get.StandardOutput, Is.EqualTo(value + "\n"));
        var export = await RunOkAsync($"config:export --format json {app}");
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(export.StandardOutput)!;
        Assert.That(values["HARD"], Is.EqualTo(value));
    }

    [Test]
    public async Task QuotedArgumentsAreHonouredAndDollarAndStarStayLiteral()
    {
        var app = await CreateAppAsync();

        await RunOkAsync($"config:set --no-restart {app} 'A=hello world' \"B=it's\" C=$HOME D=*");

        var export = await RunOkAsync($"config:export --format json {app}");
        Assert.That(export.StandardOutput, Is.EqualTo("{\"A\":\"hello world\",\"B\":\"it's\",\"C\":\"$HOME\",\"D\":\"*\",\"NO_VHOST\":\"1\"}\n"));
    }

    [Test]
    public async Task SetPrintsKeysSortedAndAligned()
    {
        var app = await CreateAppAsync();

        var result = await RunOkAsync($"config:set --no-restart {app} LONGER_KEY=2 A=1");

        Assert.That(result.StandardOutputLines, Is.EqualTo(new[]
        {
            "-----> Setting config vars",
            "       A:           1",
            "       LONGER_KEY:  2",
        }));
    }

    [Test]
    public async Task SetWithoutPairsFails()
    {
        var app = await CreateAppAsync();
        var result = await Dokku.RunAsync($"config:set {app}");
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.StandardErrorLines, Is.EqualTo(new[] { " !     At least one env pair must be given" }));
    }

    [Test]
    public async Task UnsetRemovesTheKey()
    {
        var app = await CreateAppAsync();
        await RunOkAsync($"config:set --no-restart {app} GONE=1");
        var result = await RunOkAsync($"config:unset --no-restart {app} GONE");
        Assert.That(result.StandardOutputLines, Is.EqualTo(new[] { "-----> Unsetting GONE" }));
        Assert.That((await Dokku.RunAsync($"config:get {app} GONE")).ExitCode, Is.EqualTo(1));
    }
}

/// <summary>apps:lock and apps:unlock as Dokku 0.38 answers them.</summary>
[TestFixture]
public sealed class LockTests : StandInTestBase
{
    [Test]
    public async Task LockThenUnlockWarnsAndRemovesTheLock()
    {
        var app = await CreateAppAsync();
        await RunOkAsync($"apps:lock {app}");

        var unlock = await RunOkAsync($"apps:unlock {app}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(unlock.StandardOutputLines, Is.EqualTo(new[] { "-----> Deploy lock removed." }));
            Assert.That(unlock.StandardErrorLines, Is.EqualTo(new[]
            {
                " !     A deploy may be in progress.",
                " !     Removing the app lock will not stop in progress deploys.",
            }));
        }
        var again = await Dokku.RunAsync($"apps:unlock {app}");
        Assert.That(again.ExitCode, Is.EqualTo(1));
        Assert.That(again.StandardErrorLines, Is.EqualTo(new[] { " !     Unable to remove deploy lock" }));
    }

    [Test]
    public async Task ALockedAppStillTakesALoadImageWhoseReleaseRemovesTheLock()
    {
        // Transcripts apps-lock, apps-locked-loadimage, apps-unlock (Dokku 0.38.27), in that order.
        var app = await CreateAppAsync();
        var image = await BuildAppImageAsync(app, "v1", "v1\n");
        await RunOkAsync($"apps:lock {app}");
        Assert.That((await RunOkAsync($"apps:report {app} --app-locked")).StandardOutput, Is.EqualTo("true\n"));

        var deploy = await LoadImageAsync(app, image);

        Assert.That(deploy.ExitCode, Is.Zero, deploy.ToString());
        Assert.That((await RunOkAsync($"apps:report {app} --app-locked")).StandardOutput, Is.EqualTo("false\n"));
        var unlock = await Dokku.RunAsync($"apps:unlock {app}");
        Assert.That(unlock.ExitCode, Is.EqualTo(1));
        Assert.That(unlock.StandardErrorLines, Is.EqualTo(new[] { " !     Unable to remove deploy lock" }));
        var builds = System.Text.Json.JsonDocument.Parse((await RunOkAsync($"builds:list {app} --format json")).StandardOutput).RootElement;
        Assert.That(builds.GetArrayLength(), Is.EqualTo(1));
        Assert.That(builds[0].GetProperty("source").GetString(), Is.EqualTo("git:load-image"));
        Assert.That(builds[0].GetProperty("display_status").GetString(), Is.EqualTo("succeeded"));
    }

    [Test]
    public async Task DestroyConfirmedOnStdinDestroysTheApp()
    {
        var app = await CreateAppAsync();
        var result = await Dokku.RunAsync($"apps:destroy {app}", Encoding.UTF8.GetBytes(app + "\n"));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That((await Dokku.RunAsync($"apps:exists {app}")).ExitCode, Is.EqualTo(20));
    }
}

/// <summary>Every app command on a missing app: exit 20, ` !     App X does not exist` on stderr.</summary>
[TestFixture]
public sealed class MissingAppTests : StandInTestBase
{
    [TestCase("apps:exists {0}")]
    [TestCase("apps:lock {0}")]
    [TestCase("apps:unlock {0}")]
    [TestCase("--force apps:destroy {0}")]
    [TestCase("config:set {0} A=1")]
    [TestCase("config:get {0} A")]
    [TestCase("config:export --format json {0}")]
    [TestCase("git:load-image {0} example/x:v1")]
    [TestCase("git:from-image {0} example/x:v1")]
    [TestCase("ps:report {0}")]
    [TestCase("ports:set {0} http:80:5000")]
    [TestCase("logs {0}")]
    public async Task ExitsTwentyWithDoesNotExist(string command)
    {
        var app = NewAppName();
        var result = await Dokku.RunAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, command, app));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(20), result.ToString());
            Assert.That(result.StandardOutput, Is.Empty);
            Assert.That(result.StandardErrorLines, Is.EqualTo(new[] { $" !     App {app} does not exist" }));
        }
    }

    [Test]
    public async Task LeadingGlobalFlagNeedsTheDoubleDash()
    {
        var result = await Dokku.RunAsync("--quiet version");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutput, Is.EqualTo("dokku version 0.38.27\n"));
    }
}
