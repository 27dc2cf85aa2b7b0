namespace DokkuDeploy.Testing;

/// <summary>
/// The docker CLI that works with the test bed's daemons, pointed at one of them: the developer's
/// engine (<see cref="DockerCli(TestBedEnvironment)"/>, where images are built) or the Dokku server's
/// (<see cref="ForServer"/>, where the stand-in loads and runs them).
/// </summary>
public sealed class DockerCli(TestBedEnvironment testBed, IReadOnlyDictionary<string, string?> environment)
{
    /// <summary>The developer's engine.</summary>
    public DockerCli(TestBedEnvironment testBed) : this(testBed, testBed.DockerEnvironment)
    {
    }

    /// <summary>The Dokku server's engine: what the stand-in holds, runs and logs.</summary>
    public static DockerCli ForServer(TestBedEnvironment testBed) => new(testBed, testBed.ServerDockerEnvironment);

    public Task<ProcessResult> RunAsync(IEnumerable<string> arguments, string? workingDirectory = null, CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync(testBed.DockerCli, arguments, new ProcessRunOptions
        {
            Environment = environment,
            WorkingDirectory = workingDirectory,
            Timeout = TimeSpan.FromMinutes(3),
        }, cancellationToken);

    /// <summary>Runs and fails with the command's output when it exits non-zero.</summary>
    public async Task<ProcessResult> RunCheckedAsync(IEnumerable<string> arguments, string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(arguments, workingDirectory, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
            throw new InvalidOperationException("docker failed:\n" + result);
        return result;
    }

    /// <summary>`docker save IMAGE` into a temp file; the caller deletes it.</summary>
    public async Task<string> SaveAsync(string image, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dokkudeploy-save-{Guid.NewGuid():N}.tar");
        await RunCheckedAsync(["image", "save", "-o", path, image], cancellationToken: cancellationToken).ConfigureAwait(false);
        return path;
    }

    public async Task<string> ImageIdAsync(string image, CancellationToken cancellationToken = default) =>
        (await RunCheckedAsync(["image", "inspect", "-f", "{{.Id}}", image], cancellationToken: cancellationToken).ConfigureAwait(false)).StandardOutput.Trim();

    /// <summary>Whether the engine has IMAGE (a name or an id).</summary>
    public async Task<bool> HasImageAsync(string image, CancellationToken cancellationToken = default) =>
        (await RunAsync(["image", "inspect", "-f", "{{.Id}}", image], cancellationToken: cancellationToken).ConfigureAwait(false)).ExitCode == 0;

    /// <summary>The diff ids (sha256:…) of every layer of every image the engine holds.</summary>
    public async Task<IReadOnlySet<string>> LayerDiffIdsAsync(CancellationToken cancellationToken = default)
    {
        var ids = (await RunCheckedAsync(["image", "ls", "-aq", "--no-trunc"], cancellationToken: cancellationToken).ConfigureAwait(false))
            .StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (ids.Count == 0)
            return new HashSet<string>(StringComparer.Ordinal);
        // Not checked: an image another test removes meanwhile fails its part, the rest still print.
        var layers = await RunAsync(["image", "inspect", "-f", "{{range .RootFS.Layers}}{{println .}}{{end}}", .. ids],
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return layers.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.Ordinal);
    }

    public Task RemoveImagesAsync(IEnumerable<string> images, CancellationToken cancellationToken = default)
    {
        var list = images.ToList();
        return list.Count == 0 ? Task.CompletedTask : RunAsync(["image", "rm", "-f", .. list], cancellationToken: cancellationToken);
    }
}
