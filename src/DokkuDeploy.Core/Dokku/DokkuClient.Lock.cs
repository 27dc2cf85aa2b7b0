using System.Globalization;
using System.Text.Json;

namespace DokkuDeploy.Core.Dokku;

/// <summary>A deploy Dokku is running, from its build record (<c>builds:list APP --format json</c>, Dokku 0.38).</summary>
public sealed record RunningBuild(string Id, string Source, int Pid, DateTimeOffset? StartedAt);

/// <summary>
/// What Dokku tells of an app's deploy lock: whether it is held (<c>apps:report APP --app-locked</c>: the lock file
/// exists, during a deploy and after <c>apps:lock</c>), and the deploy that holds it when one is running.
/// </summary>
/// <param name="BuildsKnown">False when the server cannot list its builds (Dokku before 0.38): nothing is known of a holder.</param>
public sealed record DeployLockState(bool Locked, RunningBuild? Build, bool BuildsKnown)
{
    public static DeployLockState Free { get; } = new(false, null, true);

    /// <summary>Who holds the lock, as far as Dokku tells, for a line of the log or a message.</summary>
    public string Holder => Build is { } build
        ? $"Dokku is running another deploy ({build.Source}, build {build.Id}, pid {build.Pid}" +
          (build.StartedAt is { } at ? $", started {at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC)" : ")")
        : BuildsKnown
            ? "no deploy is running, so it is an apps:lock or a lock a finished deploy left behind"
            : "the server does not say by whom (its Dokku has no builds:list)";
}

public sealed partial class DokkuClient
{
    /// <summary>
    /// Asks Dokku whether the app's deploy lock is held, without logging anything: a waiting deploy asks every few
    /// seconds. A server that cannot say (no <c>--app-locked</c>) counts as not locked: Dokku itself still refuses a
    /// deploy that meets a running one, and the deploy then waits after all.
    /// </summary>
    public async Task<DeployLockState> DeployLockAsync(string app, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        var report = new DokkuCommand("apps:report").Args(app, "--app-locked");
        var locked = await QuietAsync(report, cancellationToken).ConfigureAwait(false);
        ThrowOnAppMissingOrSsh(report, locked, app);
        if (locked.ExitCode != 0 || !string.Equals(string.Join("", locked.Stdout).Trim(), "true", StringComparison.Ordinal))
        {
            return DeployLockState.Free;
        }

        var builds = await QuietAsync(new DokkuCommand("builds:list").Args(app, "--format", "json"), cancellationToken).ConfigureAwait(false);
        if (builds.ExitCode != 0)
        {
            return new DeployLockState(true, null, BuildsKnown: false);
        }

        return new DeployLockState(true, RunningBuildIn(string.Join("\n", builds.Stdout)), BuildsKnown: true);
    }

    /// <summary>
    /// Releases an image the server already holds, even when Dokku's git source already names it
    /// (<c>git:from-image --force APP IMAGE</c>): after Dokku refused a deploy for its lock, the refused attempt had
    /// loaded (or pulled) the image and committed it, so without --force Dokku would find "no changes".
    /// </summary>
    public async Task<DeployResult> ForceFromImageAsync(string app, string imageRef, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        var command = new DokkuCommand("git:from-image").Arg("--force").Arg(app).Arg(imageRef);
        var output = await RunAsync(command, null, SecretMask.None, cancellationToken).ConfigureAwait(false);
        return InterpretDeploy(command, output, app, FromImageMinimumVersion);
    }

    private static RunningBuild? RunningBuildIn(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.Length > 0 ? json : "[]");
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            foreach (var build in document.RootElement.EnumerateArray())
            {
                if (Text(build, "display_status") == "running" || (Text(build, "display_status") is null && Text(build, "status") == "running"))
                {
                    var started = DateTimeOffset.TryParse(Text(build, "started_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
                    var pid = build.TryGetProperty("pid", out var p) && p.TryGetInt32(out var n) ? n : 0;
                    return new RunningBuild(Text(build, "id") ?? "?", Text(build, "source") ?? "unknown", pid, started);
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private async Task<DokkuCommandOutput> QuietAsync(DokkuCommand command, CancellationToken cancellationToken)
    {
        var output = new ServerOutputTail();
        var exitCode = await _shell.RunAsync(
            command.ToWire(), null, line => output.Add(line, stderr: false), line => output.Add(line, stderr: true), cancellationToken).ConfigureAwait(false);
        return output.ToOutput(exitCode);
    }
}
