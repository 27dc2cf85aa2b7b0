using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Operate;

namespace DokkuDeploy.Core.Dokku;

/// <summary>The commands that operate a deployed app: read one config value, logs, reports, a redeploy of an earlier image.</summary>
public sealed partial class DokkuClient
{
    /// <summary>
    /// One config value (<c>config:get APP KEY</c>); null when the key is not set (Dokku exits 1 and prints
    /// nothing). The value is never logged.
    /// </summary>
    public async Task<string?> ConfigGetAsync(string app, string key, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        ConfigKey.Validate(key);
        var command = new DokkuCommand("config:get").Args(app, key);
        _log.Detail($"{_remote.SshCommand} {command.ToDisplay()}");
        // The value is kept whole (a value is not server chatter: a PEM key has many lines, a base64 blob a long
        // one), and only the errors as a tail.
        var value = new System.Text.StringBuilder();
        var lines = 0;
        var errors = new ServerOutputTail();
        var exitCode = await _shell.RunAsync(
            command.ToWire(), null, line => value.Append(lines++ > 0 ? "\n" : "").Append(line), line => errors.Add(line, stderr: true), cancellationToken)
            .ConfigureAwait(false);
        if (exitCode == 0)
        {
            return value.ToString();
        }

        var output = errors.ToOutput(exitCode);
        if (exitCode == 1 && value.ToString().Trim().Length == 0 && output.All.All(line => line.Trim().Length == 0))
        {
            return null;
        }

        output.Stderr.ToList().ForEach(line => _log.Detail(DokkuOutput.Clean(line)));
        ThrowOnAppMissingOrSsh(command, output, app);
        ThrowOnCommonFailures(command, output);
        throw DeployErrors.DokkuCommandFailed(command.ToDisplay(), _remote.Server, output.ExitCode, "no value shown: config values are secrets");
    }

    /// <summary>
    /// The app's last <paramref name="lines"/> log lines (<c>logs APP --num N</c>), each handed to <paramref name="onLine"/>
    /// as it arrives, as Dokku prints it: not kept, so that a large N costs no memory.
    /// </summary>
    /// <returns>How many lines arrived.</returns>
    public async Task<int> LogsAsync(string app, int lines, Action<string> onLine, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lines);
        ArgumentNullException.ThrowIfNull(onLine);
        var command = new DokkuCommand("logs").Arg(app).Args("--num", lines.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _log.Detail($"{_remote.SshCommand} {command.ToDisplay()}");
        var errors = new ServerOutputTail();
        var shown = 0;
        var exitCode = await _shell.RunAsync(
            command.ToWire(),
            null,
            line =>
            {
                shown++;
                onLine(line ?? string.Empty);
            },
            line => errors.Add(line, stderr: true),
            cancellationToken).ConfigureAwait(false);
        if (exitCode == 0)
        {
            return shown;
        }

        var output = errors.ToOutput(exitCode);
        ThrowOnAppMissingOrSsh(command, output, app);
        ThrowIfNotDeployed(output, app, "logs");
        ThrowOnCommonFailures(command, output);
        throw Failed(command, output);
    }

    /// <summary>The parsed <c>ps:report APP</c>.</summary>
    public async Task<ProcessReport> ProcessReportAsync(string app, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        var command = new DokkuCommand("ps:report").Arg(app);
        var output = await CollectAsync(command, logLines: true, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode == 0)
        {
            return ProcessReport.Parse(output.Stdout.Select(DokkuOutput.Clean));
        }

        ThrowOnAppMissingOrSsh(command, output, app);
        ThrowOnCommonFailures(command, output);
        throw Failed(command, output);
    }

    /// <summary>
    /// The image the app was last deployed from by <c>git:load-image</c> or <c>git:from-image</c> ("Git source image"
    /// of <c>git:report APP</c>); null when none or when the report cannot be read. The report's header is not
    /// shown: this is a lookup, not news.
    /// </summary>
    public async Task<string?> DeployedImageAsync(string app, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        var output = await CollectAsync(new DokkuCommand("git:report").Arg(app), logLines: true, cancellationToken).ConfigureAwait(false);
        const string label = "Git source image:";
        var line = output.ExitCode != 0 ? null : output.Stdout.Select(DokkuOutput.Clean).Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(label, StringComparison.Ordinal));
        return line is null || line.Length == label.Length ? null : line[label.Length..].Trim();
    }

    /// <summary>The app's URLs (<c>urls APP</c>), one per line; none when the server cannot say.</summary>
    public async Task<IReadOnlyList<string>> UrlsAsync(string app, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        var command = new DokkuCommand("urls").Arg(app);
        var output = await CollectAsync(command, logLines: true, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode != 0)
        {
            ThrowOnAppMissingOrSsh(command, output, app);
            return [];
        }

        return output.Stdout.Select(DokkuOutput.Clean).Select(l => l.Trim()).Where(l => l.Contains("://", StringComparison.Ordinal)).ToList();
    }

    /// <summary>
    /// Deploys an image that should still be on the server (<c>git:from-image APP IMAGE</c>): Dokku uses a
    /// local image as it is and pulls only a missing one. A missing image that cannot be pulled is
    /// <see cref="DeployErrors.RollbackImageGone"/>, before anything changed on the server.
    /// </summary>
    public async Task<DeployResult> RedeployImageAsync(string app, string imageRef, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        var command = new DokkuCommand("git:from-image").Arg(app).Arg(imageRef);
        var output = await RunAsync(command, null, SecretMask.None, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode != 0 && output.ExitCode != ExitAppMissing && output.ExitCode != ExitSshFailure && FailedToPull(output))
        {
            throw DeployErrors.RollbackImageGone(app, _remote.Server, imageRef, Truncate(DokkuOutput.Summarize(output.All.SkipWhile(l => !IsStep(l, "Pulling image")).Skip(1))));
        }

        return InterpretDeploy(command, output, app, FromImageMinimumVersion);
    }

    /// <summary>
    /// Dokku says "Pulling image" only when the image is not on the host, and commits nothing before the
    /// pull succeeded: a failure between the two is the pull's.
    /// </summary>
    private static bool FailedToPull(DokkuCommandOutput output) =>
        output.All.Any(l => IsStep(l, "Pulling image"))
        && !output.All.Any(l => IsStep(l, "Updating git repository with specified build context"));

    private static bool IsStep(string line, string message) =>
        DokkuOutput.Classify(line) == DokkuLineKind.Step && DokkuOutput.Message(line) == message;

    private void ThrowIfNotDeployed(DokkuCommandOutput output, string app, string what)
    {
        if (DokkuOutput.ErrorLines(output.All).Any(e => e.Contains("has not been deployed", StringComparison.Ordinal)))
        {
            throw DeployErrors.AppNotDeployed(app, _remote.Server, what);
        }
    }

    /// <summary>Runs a command and keeps its output for the caller to present; lines go to the log as Detail only when asked.</summary>
    private async Task<DokkuCommandOutput> CollectAsync(DokkuCommand command, bool logLines, CancellationToken cancellationToken)
    {
        _log.Detail($"{_remote.SshCommand} {command.ToDisplay()}");
        var output = new ServerOutputTail();

        void OnLine(string? line, bool stderr)
        {
            output.Add(line, stderr);
            if (logLines)
            {
                _log.Detail(DokkuOutput.Clean(line));
            }
        }

        var exitCode = await _shell.RunAsync(command.ToWire(), null, line => OnLine(line, false), line => OnLine(line, true), cancellationToken).ConfigureAwait(false);
        return output.ToOutput(exitCode);
    }
}
