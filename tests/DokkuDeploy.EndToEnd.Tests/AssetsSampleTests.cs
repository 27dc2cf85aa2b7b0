using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// samples/AssetsDokku, an app whose JS and CSS are built by `npm run build`, deployed both ways: the default
/// image deploy (npm runs on this machine before publish, the image carries the built files) and a git push
/// (the built files are not committed: the sample's Dockerfile builds them in a node stage on the server).
/// The sample is its own repository here, as a user's would be, so its Dockerfile is at the root Dokku builds.
/// </summary>
public sealed class AssetsSampleTests : SampleAppTest
{
    const string ScriptBanner = "/*! AssetsDokku script bundle, built by npm run build from greeting.js, main.js */";
    const string StyleBanner = "/*! AssetsDokku style bundle, built by npm run build from site.css */";
    const string Project = "AssetsDokku/src/AssetsDokku";

    string sampleRoot = "";

    [SetUp]
    public async Task CopyTheSampleIntoItsOwnRepository()
    {
        sampleRoot = Path.Combine(workspace.Root, "AssetsDokku");
        CopySample(Path.Combine(RepositoryRoot.Path, "samples", "AssetsDokku"), sampleRoot);
        await GitAsync("init", "-q", "-b", "main");
        await GitAsync("add", "-A");
        await GitAsync("-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "The sample as it is in the repository");
    }

    [Test]
    public async Task The_image_deploy_serves_the_assets_npm_built_before_publish()
    {
        var result = await workspace.DotnetAsync(Arguments(), DeployRun.Environment(testBed, workspace.Root));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(File.Exists(Path.Combine(sampleRoot, "src", "AssetsDokku", "wwwroot", "app.js")), Is.True, "npm ran on this machine");
        await AssertServesBuiltAssetsAsync(DeployRun.AppUrl(result));
    }

    [Test]
    public async Task The_git_deploy_builds_the_assets_on_the_server()
    {
        await RequireServerBuildImagesAsync();
        var committed = await GitAsync("ls-files");
        Assert.That(committed.StandardOutput, Does.Not.Contain("app.js"), "the built assets are not in the pushed commit");

        var result = await workspace.DotnetAsync(Arguments("-p:DokkuDeployMethod=git"), DeployRun.Environment(testBed, workspace.Root));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.StandardOutput, Does.Contain($"Building {app} from Dockerfile"), "Dokku's build output is shown as it runs");
        await AssertServesBuiltAssetsAsync(DeployRun.AppUrl(result));
    }

    static async Task AssertServesBuiltAssetsAsync(string url)
    {
        var root = new Uri(url);
        var script = await DeployRun.GetAsync(new Uri(root, "/app.js").ToString());
        var style = await DeployRun.GetAsync(new Uri(root, "/app.css").ToString());
        var page = await DeployRun.GetAsync(root.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(script, Does.StartWith(ScriptBanner), "app.js is the bundle, not a source file");
            Assert.That(script, Does.Contain("async function fetchGreeting()").And.Not.Contain("import "), "both modules flattened into one script");
            Assert.That(style, Does.StartWith(StyleBanner));
            Assert.That(style, Does.Contain("main{max-width:32rem;"), "minified");
            Assert.That(page, Does.Contain("<script src=\"/app.js\" defer></script>"));
        }
    }

    /// <summary>The sample's Dockerfile builds FROM node:lts-slim and the .NET SDK; the test bed makes them offline (images.sh).</summary>
    async Task RequireServerBuildImagesAsync()
    {
        var server = DockerCli.ForServer(testBed);
        foreach (var image in new[] { "node:lts-slim", "mcr.microsoft.com/dotnet/sdk:10.0", "mcr.microsoft.com/dotnet/aspnet:10.0" })
        {
            Assert.That(await server.HasImageAsync(image), Is.True,
                $"the test bed's server engine lacks {image}, which the sample's Dockerfile builds from: run tests/testbed/up.sh (ensure_server_build_images)");
        }
    }

    string[] Arguments(params string[] extra) =>
        DeployRun.Arguments(testBed, app, extra).Select(a => a == "HelloDokku" ? Project : a).ToArray();

    Task<ProcessResult> GitAsync(params string[] arguments) =>
        ProcessRunner.RunAsync("git", arguments, new ProcessRunOptions { WorkingDirectory = sampleRoot });

    /// <summary>The sample's files as a clone would have them: no build output, no node_modules, no built assets.</summary>
    static void CopySample(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Any(p => p is "bin" or "obj" or "node_modules") || relative.EndsWith(Path.Combine("wwwroot", "app.js")) || relative.EndsWith(Path.Combine("wwwroot", "app.css")))
            {
                continue;
            }

            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
