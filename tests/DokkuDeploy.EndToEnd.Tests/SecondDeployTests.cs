using System.Text.RegularExpressions;
using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>The second deploy: only what changed travels, and unchanged dependencies keep their layer.</summary>
public sealed partial class SecondDeployTests : SampleAppTest
{
    static long BytesSent(ProcessResult result)
    {
        var match = SentLine().Match(result.StandardOutput);
        Assert.That(match.Success, Is.True, "no 'Deployed … (N sent)' line:\n" + result.StandardOutput);
        var value = double.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
        return (long)(value * match.Groups["unit"].Value switch { "B" => 1, "KB" => 1024, "MB" => 1 << 20, _ => 1 << 30 });
    }

    static string ImageReference(ProcessResult result) => BuildingLine().Match(result.StandardOutput).Groups["image"].Value;

    [Test]
    public async Task A_code_change_sends_the_app_layer_and_not_the_runtime_or_the_dependencies()
    {
        var first = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(BytesSent(first), Is.GreaterThan(100L << 20), "the first deploy sends the whole image");

        workspace.ReplaceInProgram("Hello from HelloDokku!", "Hello, thinner!");
        await workspace.CommitAllAsync("A one-line change");
        var second = await DeployRun.PublishAsync(workspace, testBed, app, "-p:DokkuTimings=true");
        Assert.That(second.ExitCode, Is.Zero, second.ToString());
        Assert.That(second.StandardOutput, Does.Match(@"Sending \S+: 1 of \d+ layers; the server has the rest"));
        Assert.That(BytesSent(second), Is.LessThan(2L << 20), "only the app layer, the config and the manifest");
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(second)), Is.EqualTo("Hello, thinner!"));
        TestContext.Out.WriteLine(string.Join("\n", second.StandardOutput.Split('\n').Where(l => l.Contains("Timeline") || l.Contains(" s  ") || l.Contains("step(s)"))));
        // The check before the publish and the deploy each end with their timeline.
        Assert.That(Regex.Matches(second.StandardOutput, @"Timeline \(DokkuTimings=true\)"), Has.Count.EqualTo(2));
        Assert.That(second.StandardOutput, Does.Match(@"\+ *\d+\.\d{3} s +\d+\.\d{3} s  ssh login "));
        Assert.That(second.StandardOutput, Does.Match(@"\d+\.\d{3} s +  dokku git:load-image " + app));
        Assert.That(second.StandardOutput, Does.Match(@"\d+\.\d{3} s  docker build "));
    }

    [Test]
    public async Task Rebuilding_the_same_commit_without_the_build_cache_gives_the_same_layers()
    {
        var first = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        var image = ImageReference(first);
        var docker = new DockerCli(testBed);
        var firstLayers = (await docker.RunCheckedAsync(["image", "inspect", "-f", "{{json .RootFS.Layers}}", image])).StandardOutput.Trim();

        // Remove the image and with it the legacy builder's cache of intermediate images, and BuildKit's
        // cache, which lives apart from images (without this, BuildKit gives back the very same image).
        await docker.RunCheckedAsync(["image", "rm", "-f", image]);
        await docker.RunAsync(["image", "prune", "-f"]);
        await docker.RunAsync(["builder", "prune", "-af"]);
        var again = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        var secondLayers = (await docker.RunCheckedAsync(["image", "inspect", "-f", "{{json .RootFS.Layers}}", image])).StandardOutput.Trim();

        // Every layer is byte-identical. Both builders still stamp the image config with the build
        // time, so the image id differs: the server receives a new config and no layer.
        Assert.That(secondLayers, Is.EqualTo(firstLayers));
        Assert.That(again.StandardOutput, Does.Match(@"Sending \S+: 0 of \d+ layers; the server has the rest"));
        Assert.That(BytesSent(again), Is.LessThan(64L << 10));
    }

    [Test]
    public async Task A_server_that_lost_the_layers_gets_the_full_image_after_a_warning()
    {
        // A greeting of this test's own makes the app layer unique to it, so removing it from the
        // server cannot be undone by another app that happens to hold the same layer.
        var greeting = $"Hello from a server that forgot {Guid.NewGuid():N}";
        workspace.ReplaceInProgram("Hello from HelloDokku!", greeting);
        await workspace.CommitAllAsync("A greeting of its own");
        var first = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());

        await new ServerImages(testBed).ForgetAppAsync(app, [ImageReference(first)]);

        // Same commit, same layers, another port: only the image config differs, so DokkuDeploy
        // believes the server holds every layer and sends none; the server lacks the app layer.
        var second = await DeployRun.PublishAsync(workspace, testBed, app, "-p:DokkuContainerPort=5001");
        Assert.That(second.ExitCode, Is.Zero, second.ToString());
        Assert.That(second.StandardOutput, Does.Contain("warning DOKKU5011"));
        Assert.That(BytesSent(second), Is.GreaterThan(100L << 20), "the full image went the second time");
        Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(second)), Is.EqualTo(greeting));
    }

    [Test]
    public async Task A_second_app_on_the_same_server_sends_only_its_own_layers_on_its_first_deploy()
    {
        var first = await DeployRun.PublishAsync(workspace, testBed, app);
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(BytesSent(first), Is.GreaterThan(100L << 20), "the server's first .NET app brings the runtime");

        var other = $"{app}-two";
        try
        {
            workspace.ReplaceInProgram("Hello from HelloDokku!", "Hello from the second app!");
            await workspace.CommitAllAsync("Another app from the same base");
            var second = await DeployRun.PublishAsync(workspace, testBed, other);
            Assert.That(second.ExitCode, Is.Zero, second.ToString());
            Assert.That(second.StandardOutput, Does.Contain($"Creating app '{other}'"));
            Assert.That(second.StandardOutput, Does.Match(@"Sending \S+: 1 of \d+ layers; the server has the rest"));
            Assert.That(BytesSent(second), Is.LessThan(2L << 20), "the runtime and the dependencies are on the server already");
            Assert.That(await DeployRun.GetAsync(DeployRun.AppUrl(second)), Is.EqualTo("Hello from the second app!"));
        }
        finally
        {
            await TestApps.DestroyAsync(testBed, other);
        }
    }

    [GeneratedRegex(@"Deployed '[^']+' in [\d.]+ s \((?<value>[\d.]+) (?<unit>B|KB|MB|GB) sent\)")]
    private static partial Regex SentLine();

    [GeneratedRegex(@"Building image (?<image>\S+) from")]
    private static partial Regex BuildingLine();
}
