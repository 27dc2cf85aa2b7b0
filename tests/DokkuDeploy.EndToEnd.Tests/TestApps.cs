using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

static class TestApps
{
    /// <summary>
    /// Destroys a test's app and the images DokkuDeploy built and sent for it, on both engines,
    /// so that runs do not fill the disk.
    /// </summary>
    public static async Task DestroyAsync(TestBedEnvironment testBed, string app)
    {
        await new StandInShell(testBed).RunAsync($"--force apps:destroy {app}");
        foreach (var docker in new[] { new DockerCli(testBed), DockerCli.ForServer(testBed) })
        {
            var tags = await docker.RunAsync(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}", $"dokku-deploy/{app}"]);
            await docker.RemoveImagesAsync(tags.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
    }
}
