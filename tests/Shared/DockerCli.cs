namespace DokkuDeploy.Testing;

/// <summary>The docker CLI that works with the test bed's daemon, pointed at it.</summary>
public sealed class DockerCli(TestBedEnvironment testBed)
{
    public Task<ProcessResult> RunAsync(IEnumerable<string> arguments, string? workingDirectory = null, CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync(testBed.DockerCli, arguments, new ProcessRunOptions
        {
            Environment = testBed.DockerEnvironment,
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

    public Task RemoveImagesAsync(IEnumerable<string> images, CancellationToken cancellationToken = default)
    {
        var list = images.ToList();
        return list.Count == 0 ? Task.CompletedTask : RunAsync(["image", "rm", "-f", .. list], cancellationToken: cancellationToken);
    }
}
