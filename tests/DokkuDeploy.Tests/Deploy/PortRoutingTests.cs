using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Tests.Dokku;

namespace DokkuDeploy.Tests.Deploy;

/// <summary>
/// Port 80 reaches the app whatever its image listens on, with a Dokku command only when Dokku alone would
/// route it elsewhere, and never over a map the user set. (The stand-in's deploys show it end to end.)
/// </summary>
public sealed class PortRoutingTests
{
    static readonly DokkuRemote Remote = new("dokku", "dokku.example", 22, "hello");

    static ImageInfo Image(int[] exposed, params string[] env) => new("sha256:1", [], 1) { ExposedTcpPorts = exposed, Environment = env };

    static async Task<(PortChange? Change, FakeRemoteShell Shell, RecordingLog Log)> RouteAsync(
        ImageInfo image, bool appExists, string? setting = null, int? port = null, params string[] transcripts)
    {
        var shell = new FakeRemoteShell(transcripts.Select(Transcript.Load).ToArray());
        var log = new RecordingLog();
        var change = await new PortRouting(new DokkuClient(shell, log, Remote), log, "ssh dokku@dokku.example")
            .ApplyAsync("hello", appExists, image, port, setting, CancellationToken.None);
        return (change, shell, log);
    }

    [Test]
    public async Task The_generated_Dockerfile_s_image_costs_no_command()
    {
        // No EXPOSE, ASPNETCORE_HTTP_PORTS=5000: Dokku's own http:80:5000 is right.
        var (change, shell, _) = await RouteAsync(Image([], "ASPNETCORE_HTTP_PORTS=5000"), appExists: true);
        Assert.That(change, Is.Null);
        Assert.That(shell.CommandLines, Is.Empty);
    }

    [Test]
    public void Only_an_image_Dokku_routes_right_by_itself_or_routing_off_needs_no_command_so_a_no_op_deploy_asks_nothing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PortRouting.NeedsNoCommand(Image([], "ASPNETCORE_HTTP_PORTS=5000"), null, null), Is.True);
            Assert.That(PortRouting.NeedsNoCommand(Image([8080], "ASPNETCORE_HTTP_PORTS=8080"), null, "false"), Is.True);
            Assert.That(PortRouting.NeedsNoCommand(Image([8080], "ASPNETCORE_HTTP_PORTS=8080"), null, null), Is.False, "the app's own map is asked for");
            Assert.That(PortRouting.NeedsNoCommand(Image([], "ASPNETCORE_HTTP_PORTS=5000"), null, "http:80:5000"), Is.False, "a map asked for is checked");
        });
    }

    [Test]
    public async Task An_image_that_exposes_8080_on_a_new_app_gets_port_80_set_without_asking_the_server_first()
    {
        var (change, shell, log) = await RouteAsync(Image([8080, 8081], "ASPNETCORE_HTTP_PORTS=8080"), appExists: false, transcripts: "ports-set.synthesized.txt");
        Assert.That(shell.CommandLines, Is.EqualTo(new[] { "ports:set hello http:80:8080" }));
        Assert.That(change!.Before, Is.Empty);
        Assert.That(log.Steps.Single(), Does.Contain("ASPNETCORE_HTTP_PORTS=8080").And.Contain("http:8080:8080 http:8081:8081"));
    }

    [Test]
    public async Task An_image_on_8080_without_EXPOSE_would_not_answer_on_Dokku_s_5000_so_port_80_is_set()
    {
        var (change, shell, _) = await RouteAsync(Image([], "ASPNETCORE_HTTP_PORTS=8080"), appExists: true,
            transcripts: ["ports-report-map-empty.synthesized.txt", "ports-set.synthesized.txt"]);
        Assert.That(shell.CommandLines, Is.EqualTo(new[] { "ports:report hello --ports-map", "ports:set hello http:80:8080" }));
        Assert.That(change, Is.Not.Null);
    }

    [Test]
    public async Task A_map_the_user_set_is_never_changed_and_a_mismatch_is_a_warning_with_the_fix()
    {
        var (change, shell, log) = await RouteAsync(Image([8080]), appExists: true, transcripts: "ports-report-map-set.synthesized.txt");
        Assert.That(change, Is.Null);
        Assert.That(shell.CommandLines, Is.EqualTo(new[] { "ports:report hello --ports-map" }));
        Assert.That(log.Warnings.Single().Code, Is.EqualTo("DOKKU6004"));
        Assert.That(log.Warnings.Single().Message, Does.Contain("ports:set hello http:80:8080"));
    }

    [Test]
    public async Task DokkuPorts_false_leaves_the_map_to_Dokku()
    {
        var (change, shell, _) = await RouteAsync(Image([8080]), appExists: true, setting: "false");
        Assert.That(change, Is.Null);
        Assert.That(shell.CommandLines, Is.Empty);
    }

    [Test]
    public async Task DokkuPorts_mappings_replace_the_app_s_map_and_remember_the_old_one()
    {
        var (change, shell, _) = await RouteAsync(Image([]), appExists: true, setting: "https:443:5000  http:80:5000 http:8080:5000",
            transcripts: ["ports-report-map-set.synthesized.txt", "ports-set.synthesized.txt"]);
        Assert.That(shell.CommandLines[1], Is.EqualTo("ports:set hello https:443:5000 http:80:5000 http:8080:5000"));
        Assert.That(PortMapping.FormatMap(change!.Before), Is.EqualTo("http:80:5000 https:443:5000"));
    }

    [Test]
    public async Task DokkuPorts_equal_to_the_app_s_map_changes_nothing()
    {
        var (change, shell, _) = await RouteAsync(Image([]), appExists: true, setting: "https:443:5000 http:80:5000",
            transcripts: "ports-report-map-set.synthesized.txt");
        Assert.That(change, Is.Null);
        Assert.That(shell.CommandLines, Has.Count.EqualTo(1));
    }

    [TestCase("http:80")]
    [TestCase("tcp:80:5000")]
    [TestCase("http:80:0")]
    [TestCase("http:80:5000 nonsense")]
    public async Task A_DokkuPorts_word_that_is_not_a_mapping_is_DOKKU1125_before_anything_is_sent(string setting)
    {
        var error = await Assert.ThrowsAsync<DeployException>(() => RouteAsync(Image([]), appExists: true, setting: setting));
        Assert.That(error!.Code, Is.EqualTo("DOKKU1125"));
    }

    [Test]
    public async Task Reverting_a_map_set_on_an_app_without_one_clears_it_and_otherwise_sets_the_old_one_back()
    {
        var shell = new FakeRemoteShell(Transcript.Load("ports-set.synthesized.txt"), Transcript.Load("ports-set.synthesized.txt"));
        var dokku = new DokkuClient(shell, new RecordingLog(), Remote);
        await new PortChange([]).RevertAsync(dokku, "hello", CancellationToken.None);
        await new PortChange(PortMapping.ParseMap("http:80:5000 https:443:5000")).RevertAsync(dokku, "hello", CancellationToken.None);
        Assert.That(shell.CommandLines, Is.EqualTo(new[] { "ports:clear hello", "ports:set hello http:80:5000 https:443:5000" }));
    }
}
