namespace DokkuDeploy.Testing;

/// <summary>
/// Makes the test bed's Dokku server (its own engine) forget image layers, so a thin transfer that
/// counts on layers the server got earlier meets a server without them, as after a Dokku cleanup.
/// </summary>
public sealed class ServerImages(TestBedEnvironment testBed)
{
    readonly DockerCli server = DockerCli.ForServer(testBed);

    /// <summary>The server engine's docker CLI.</summary>
    public DockerCli Docker => server;

    /// <summary>
    /// Removes APP's containers (running or not), the images they ran, <c>dokku/APP:latest</c> and
    /// any further IMAGES given (e.g. the tag a <c>git:load-image</c> loaded). The stand-in still lists
    /// the app as deployed; its next deploy starts a container without an old one to retire. Layers
    /// that other images on the server still use (a base another app runs on) stay.
    /// </summary>
    public async Task ForgetAppAsync(string app, IEnumerable<string>? images = null, CancellationToken cancellationToken = default)
    {
        var containers = Lines(await server.RunAsync(
            ["container", "ls", "-aq", "--no-trunc", "--filter", $"label=com.dokku.app-name={app}"], cancellationToken: cancellationToken).ConfigureAwait(false));
        var ran = new List<string>();
        if (containers.Count > 0)
        {
            ran.AddRange(Lines(await server.RunAsync(["container", "inspect", "-f", "{{.Image}}", .. containers], cancellationToken: cancellationToken).ConfigureAwait(false)));
            await server.RunAsync(["container", "rm", "-f", .. containers], cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        await server.RemoveImagesAsync([.. ran.Distinct(StringComparer.Ordinal), $"dokku/{app}:latest", .. images ?? []], cancellationToken).ConfigureAwait(false);
        await server.RunAsync(["image", "prune", "-f"], cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes every image on the server that no container uses, except the test bed's busybox image
    /// (the stand-in's health checks and git push builds run it): `docker image prune -a` without
    /// the window in which busybox would be missing for tests running alongside. It also untags
    /// images other tests (or a benchmark) are about to deploy: run it only where nothing else
    /// deploys at the same time, e.g. a [NonParallelizable] test.
    /// </summary>
    public async Task RemoveUnusedImagesAsync(CancellationToken cancellationToken = default)
    {
        var tags = Lines(await server.RunAsync(["image", "ls", "--format", "{{.Repository}}:{{.Tag}}"], cancellationToken: cancellationToken).ConfigureAwait(false))
            .Where(tag => !tag.Contains("<none>", StringComparison.Ordinal) && tag != testBed.BusyboxImage)
            .ToList();
        // Without -f: a tag whose image a container uses is refused and stays, with its layers.
        foreach (var tag in tags)
            await server.RunAsync(["image", "rm", tag], cancellationToken: cancellationToken).ConfigureAwait(false);
        await server.RunAsync(["image", "prune", "-f"], cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    static List<string> Lines(ProcessResult result) =>
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
