using System.Text.Json;
using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>Each recorded answer of a simple command, reproduced by the stand-in line for line.</summary>
[TestFixture]
public sealed class SimpleCommandTranscriptTests : StandInTestBase
{
    async Task AssertTranscriptAsync(string transcriptName, string commandLine, string? recordedApp = null, string? app = null)
    {
        var expected = Transcript.Load(transcriptName);
        if (recordedApp is not null && app is not null)
            expected = ForApp(expected, recordedApp, app);
        var result = await Dokku.RunAsync(commandLine);
        AssertMatches(expected, result.ExitCode, result.StandardOutputLines, result.StandardErrorLines, result.ToString());
        if (expected.StandardOutput.Length > 0 && !expected.StandardOutput.EndsWith('\n'))
            Assert.That(result.StandardOutput, Is.EqualTo(expected.StandardOutput), "stdout without a final newline");
    }

    [Test]
    public Task Version() => AssertTranscriptAsync("version.txt", "version");

    [Test]
    public Task UnknownCommand() => AssertTranscriptAsync("unknown-command.txt", "foo:bar");

    [Test]
    public Task AppsCreateNew()
    {
        var app = NewAppName();
        return AssertTranscriptAsync("apps-create-new.txt", $"apps:create {app}", "txapp", app);
    }

    [Test]
    public async Task AppsCreateDuplicate()
    {
        var app = await CreateAppAsync();
        await AssertTranscriptAsync("apps-create-duplicate.txt", $"apps:create {app}");
    }

    [Test]
    public Task AppsCreateBadName() => AssertTranscriptAsync("apps-create-badname.txt", "apps:create Bad_Name");

    [Test]
    public async Task AppsExistsPresent()
    {
        var app = await CreateAppAsync();
        await AssertTranscriptAsync("apps-exists-present.txt", $"apps:exists {app}");
    }

    [Test]
    public Task AppsExistsMissing()
    {
        var app = NewAppName();
        return AssertTranscriptAsync("apps-exists-missing.txt", $"apps:exists {app}", "nope", app);
    }

    [Test]
    public async Task AppsListShowsHeaderThenSortedNames()
    {
        var first = await CreateAppAsync();
        var second = await CreateAppAsync();
        var expected = Transcript.Load("apps-list.txt");
        var result = await RunOkAsync("apps:list");
        var lines = result.StandardOutputLines;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.ExitCode, Is.EqualTo(expected.ExitCode));
            Assert.That(lines[0], Is.EqualTo(expected.StandardOutputLines[0]));
            Assert.That(lines.Skip(1), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
            Assert.That(lines, Does.Contain(first).And.Contain(second));
            Assert.That(result.StandardErrorLines, Is.EqualTo(expected.StandardErrorLines));
        }
    }

    [Test]
    public async Task AppsListJsonIsOneSortedArray()
    {
        var app = await CreateAppAsync();
        var expected = Transcript.Load("apps-list-json.txt");
        var result = await RunOkAsync("apps:list --format json");
        Assert.That(result.StandardOutputLines, Has.Count.EqualTo(expected.StandardOutputLines.Count));
        var names = JsonSerializer.Deserialize<string[]>(result.StandardOutput)!;
        Assert.That(names, Does.Contain(app));
        Assert.That(names, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(result.StandardOutput, Does.Not.Contain(" "), "compact JSON, as Dokku prints it");
    }

    [Test]
    public async Task AppsLock()
    {
        var app = await CreateAppAsync();
        await AssertTranscriptAsync("apps-lock.txt", $"apps:lock {app}");
    }

    [Test]
    public async Task AppsUnlockWithoutLock()
    {
        var app = await CreateAppAsync();
        await AssertTranscriptAsync("apps-unlock.txt", $"apps:unlock {app}");
    }

    [Test]
    public async Task AppsDestroyForce()
    {
        var app = await CreateAppAsync();
        await AssertTranscriptAsync("apps-destroy-force.txt", $"--force apps:destroy {app}", "txapp", app);
        var exists = await Dokku.RunAsync($"apps:exists {app}");
        Assert.That(exists.ExitCode, Is.EqualTo(20));
    }

    [Test]
    public async Task AppsDestroyWithoutForcePromptsAndFailsOnEof()
    {
        var app = await CreateAppAsync();
        await AssertTranscriptAsync("apps-destroy-noforce.txt", $"apps:destroy {app}", "txapp", app);
        await RunOkAsync($"apps:exists {app}");
    }

    [Test]
    public async Task ConfigExportJson()
    {
        var app = await CreateAppAsync();
        await RunOkAsync($"config:set --no-restart {app} C=1 'SECRET=p@ss w0rd$'");
        await AssertTranscriptAsync("config-export.txt", $"config:export --format json {app}");
    }

    [Test]
    public async Task ConfigGetMissingKey()
    {
        var app = await CreateAppAsync();
        await AssertTranscriptAsync("config-get-missing.txt", $"config:get {app} NOT_SET");
    }

    [Test]
    public async Task ConfigGetKeyNeverSet()
    {
        // Recorded as "config-get", but of a key that was not set: exit 1, nothing printed.
        var app = await CreateAppAsync();
        await RunOkAsync($"config:set --no-restart {app} OTHER=1");
        await AssertTranscriptAsync("config-get.txt", $"config:get {app} SECRET");
    }

    [Test]
    public async Task ConfigGetPresentKeyPrintsTheValue()
    {
        var app = await CreateAppAsync();
        await RunOkAsync($"config:set --no-restart {app} 'SECRET=p@ss w0rd$'");
        var result = await RunOkAsync($"config:get {app} SECRET");
        Assert.That(result.StandardOutput, Is.EqualTo("p@ss w0rd$\n"));
    }

    [Test]
    public async Task ConfigSetEncoded()
    {
        var app = await CreateAppAsync();
        var encoded = Convert.ToBase64String("p@ss w0rd$"u8.ToArray());
        await AssertTranscriptAsync("config-set-encoded.txt", $"config:set --encoded {app} SECRET={encoded}");
    }

    [Test]
    public Task ConfigSetMissingApp()
    {
        var app = NewAppName();
        return AssertTranscriptAsync("config-set-missing-app.txt", $"config:set {app} A=1", "nope", app);
    }

    [Test]
    public async Task ConfigSetUnquotedSpaceIsAnInvalidEnvPair()
    {
        var app = await CreateAppAsync();
        await AssertTranscriptAsync("config-set-norestart.txt", $"config:set --no-restart {app} A=hello world");
    }

    [Test]
    public async Task ConfigSetQuiet()
    {
        var app = await CreateAppAsync();
        await AssertTranscriptAsync("config-set-quiet.txt", $"--quiet config:set --no-restart {app} A=1");
    }

    [Test]
    public Task LoadImageMissingApp()
    {
        var app = NewAppName();
        return AssertTranscriptAsync("loadimage-missing-app.txt", $"git:load-image {app} example/x:v1", "nope", app);
    }

    [Test]
    public async Task LoadImageGarbage()
    {
        var app = await CreateAppAsync();
        var expected = Transcript.Load("loadimage-garbage.txt");
        var result = await Dokku.RunAsync($"git:load-image {app} example/x:v1", "this is not a tar archive\n"u8.ToArray());
        AssertMatches(expected, result.ExitCode, result.StandardOutputLines, result.StandardErrorLines, result.ToString());
    }
}
