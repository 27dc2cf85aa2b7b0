using System.Text.RegularExpressions;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Ssh;

namespace DokkuDeploy.Core.Dokku;

/// <summary>
/// The Dokku commands a deploy needs, over an authenticated <see cref="IRemoteShell"/>. Turns Dokku's exit codes
/// and <c> !</c> lines into coded <see cref="DeployException"/>s; passes every line Dokku prints to the log as
/// Detail while it arrives. Logs no Steps: the caller decides what the user sees at normal verbosity.
/// </summary>
public sealed partial class DokkuClient
{
    private const int ExitAppMissing = 20;
    private const int ExitSshFailure = 255;
    private const string LoadImageMinimumVersion = "0.30.0";
    private const string FromImageMinimumVersion = "0.24.0";

    private readonly IRemoteShell _shell;
    private readonly IDeployLog _log;
    private readonly DokkuRemote _remote;
    private readonly DokkuServerFeatures _features;

    // Apps this client saw exist or created: when Dokku later calls one of them missing (exit 20), the
    // server contradicts itself, and "create the app" is advice that cannot help.
    private readonly Dictionary<string, string> _appsSeen = new(StringComparer.Ordinal);

    /// <param name="remote">The server the shell is connected to; names it in messages (its App is not used).</param>
    /// <param name="features">What the run found each server supports, shared by every client of the run; default: this client's own.</param>
    public DokkuClient(IRemoteShell shell, IDeployLog log, DokkuRemote remote, DokkuServerFeatures? features = null)
    {
        _shell = shell ?? throw new ArgumentNullException(nameof(shell));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _remote = remote ?? throw new ArgumentNullException(nameof(remote));
        _features = features ?? new DokkuServerFeatures();
    }

    /// <summary>What this run found the servers support; hand it to another client of the same run.</summary>
    public DokkuServerFeatures Features => _features;

    /// <summary>The server's Dokku version, e.g. "0.38.27".</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var command = new DokkuCommand("version");
        var output = await RunAsync(command, null, SecretMask.None, cancellationToken).ConfigureAwait(false);
        ThrowOnCommonFailures(command, output);
        var text = string.Join(" ", output.Stdout.Select(DokkuOutput.Clean)).Trim();
        var match = VersionPattern().Match(text);
        if (output.ExitCode != 0 || !match.Success)
        {
            throw DeployErrors.DokkuUnexpectedOutput(command.ToDisplay(), _remote.Server, Truncate(text.Length > 0 ? text : DokkuOutput.Summarize(output.All)));
        }

        return match.Groups["version"].Value;
    }

    /// <summary>True when the app exists (exit 0), false when Dokku says it does not (exit 20).</summary>
    public async Task<bool> AppExistsAsync(string app, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        var command = new DokkuCommand("apps:exists").Arg(app);
        var output = await RunAsync(command, null, SecretMask.None, cancellationToken).ConfigureAwait(false);
        switch (output.ExitCode)
        {
            case 0:
                _appsSeen[app] = "existed";
                return true;
            case ExitAppMissing:
                return false;
            default:
                ThrowOnCommonFailures(command, output);
                throw Failed(command, output);
        }
    }

    /// <summary>
    /// Creates the app. "Name is already taken" counts as success: the caller asked because the app was missing
    /// a moment ago, so another deploy created it in between, and the app the caller wants now exists.
    /// </summary>
    public async Task CreateAppAsync(string app, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        var command = new DokkuCommand("apps:create").Arg(app);
        var output = await RunAsync(command, null, SecretMask.None, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode == 0)
        {
            _appsSeen[app] = "was created";
            return;
        }

        var errors = DokkuOutput.ErrorLines(output.All);
        if (errors.Any(e => e.StartsWith("Name is already taken", StringComparison.Ordinal)))
        {
            _log.Detail($"App '{app}' already exists on {_remote.Server} (created meanwhile); using it.");
            _appsSeen[app] = "existed";
            return;
        }

        var nameError = errors.FirstOrDefault(e => e.StartsWith("App name must", StringComparison.Ordinal));
        if (nameError is not null)
        {
            throw DeployErrors.DokkuRejectedAppName(app, _remote.Server, nameError);
        }

        ThrowOnCommonFailures(command, output);
        throw Failed(command, output);
    }

    /// <summary>
    /// Deploys an image by streaming a <c>docker save</c> tar into <c>git:load-image APP IMAGE</c>.
    /// Exit 1 with "No changes detected" is <see cref="DeployOutcome.NoChanges"/>, not an error.
    /// </summary>
    /// <param name="writeImageTar">Writes the tar to the command's stdin; the stream is closed after it returns.</param>
    public async Task<DeployResult> LoadImageAsync(
        string app, string imageRef, Func<Stream, CancellationToken, Task> writeImageTar, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        ArgumentNullException.ThrowIfNull(writeImageTar);
        var command = new DokkuCommand("git:load-image").Arg(app).Arg(imageRef);
        var output = await RunAsync(command, writeImageTar, SecretMask.None, cancellationToken).ConfigureAwait(false);
        return InterpretDeploy(command, output, app, LoadImageMinimumVersion);
    }

    /// <summary>Deploys an image the server pulls itself from a registry (<c>git:from-image APP IMAGE</c>).</summary>
    public async Task<DeployResult> FromImageAsync(string app, string imageRef, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        var command = new DokkuCommand("git:from-image").Arg(app).Arg(imageRef);
        var output = await RunAsync(command, null, SecretMask.None, cancellationToken).ConfigureAwait(false);
        return InterpretDeploy(command, output, app, FromImageMinimumVersion);
    }

    /// <summary>Restarts the app's processes (<c>ps:restart APP</c>) so that config set with --no-restart takes effect.</summary>
    public async Task RestartAsync(string app, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        var command = new DokkuCommand("ps:restart").Arg(app);
        var output = await RunAsync(command, null, SecretMask.None, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode != 0)
        {
            ThrowOnAppMissingOrSsh(command, output, app);
            if (DokkuOutput.IsDeployLockRefusal(output.All))
            {
                throw DeployErrors.DeployLockRefused(app, _remote.Server, Truncate(DokkuOutput.Summarize(output.All)));
            }

            ThrowOnCommonFailures(command, output);
            throw Failed(command, output);
        }
    }

    /// <summary>The text of <c>ps:report APP</c>, for diagnostics after a failed deploy.</summary>
    public async Task<string> PsReportAsync(string app, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        var command = new DokkuCommand("ps:report").Arg(app);
        var output = await RunAsync(command, null, SecretMask.None, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode != 0)
        {
            ThrowOnAppMissingOrSsh(command, output, app);
            ThrowOnCommonFailures(command, output);
            throw Failed(command, output);
        }

        return string.Join("\n", output.Stdout.Select(DokkuOutput.Clean));
    }

    private DeployResult InterpretDeploy(DokkuCommand command, DokkuCommandOutput output, string app, string minimumVersion)
    {
        if (output.ExitCode == 0)
        {
            return DeployResult.Deployed(DokkuOutput.DeployedUrls(output.All));
        }

        if (output.ExitCode == 1 && DokkuOutput.IsNoChanges(output.All))
        {
            return DeployResult.NoChanges();
        }

        ThrowOnAppMissingOrSsh(command, output, app);
        if (IsUnknownCommand(output))
        {
            throw DeployErrors.DokkuCommandUnknown(command.Name, _remote.Server, _remote.SshCommand, minimumVersion);
        }

        var summary = Truncate(DokkuOutput.Summarize(output.All));
        if (DokkuOutput.IsDeployLockRefusal(output.All))
        {
            throw DeployErrors.DeployLockRefused(app, _remote.Server, summary);
        }

        var errors = DokkuOutput.ErrorLines(output.All);
        if (errors.Any(e => e.Contains("failed checks", StringComparison.OrdinalIgnoreCase)
                            || e.StartsWith("Could not start", StringComparison.Ordinal)))
        {
            throw DeployErrors.DokkuHealthChecksFailed(app, _remote.Server, summary);
        }

        if (output.All.Any(l => DokkuOutput.Clean(l).Contains("Error processing tar file", StringComparison.Ordinal)))
        {
            throw DeployErrors.DokkuImageTarRejected(app, _remote.Server, summary, DokkuOutput.NamesMissingLayer(output.All));
        }

        throw DeployErrors.DokkuDeployFailed(app, _remote.Server, _remote.SshCommand, output.ExitCode, summary, DokkuOutput.ExplainsFailure(output.All), DokkuOutput.NamesMissingLayer(output.All));
    }

    private void ThrowOnAppMissingOrSsh(DokkuCommand command, DokkuCommandOutput output, string app)
    {
        if (output.ExitCode == ExitAppMissing)
        {
            throw _appsSeen.TryGetValue(app, out var seen)
                ? DeployErrors.DokkuAppVanished(app, _remote.Server, _remote.SshCommand, command.Name, seen, Truncate(DokkuOutput.Summarize(output.All)))
                : DeployErrors.DokkuAppNotFound(app, _remote.Server, _remote.SshCommand);
        }

        if (output.ExitCode == ExitSshFailure)
        {
            throw DeployErrors.DokkuSshFailed(command.ToDisplay(), _remote.Server, _remote.SshCommand);
        }
    }

    private void ThrowOnCommonFailures(DokkuCommand command, DokkuCommandOutput output)
    {
        if (output.ExitCode == ExitSshFailure)
        {
            throw DeployErrors.DokkuSshFailed(command.ToDisplay(), _remote.Server, _remote.SshCommand);
        }

        if (IsUnknownCommand(output))
        {
            throw DeployErrors.DokkuUnexpectedOutput(command.ToDisplay(), _remote.Server, Truncate(DokkuOutput.Summarize(output.All)));
        }
    }

    private DeployException Failed(DokkuCommand command, DokkuCommandOutput output) =>
        DeployErrors.DokkuCommandFailed(command.ToDisplay(), _remote.Server, output.ExitCode, Truncate(DokkuOutput.Summarize(output.All)));

    private static bool IsUnknownCommand(DokkuCommandOutput output) =>
        output.ExitCode != 0 && DokkuOutput.ErrorLines(output.All).Any(e => e.Contains("is not a dokku command", StringComparison.Ordinal));

    private async Task<DokkuCommandOutput> RunAsync(
        DokkuCommand command, Func<Stream, CancellationToken, Task>? writeStdin, SecretMask mask, CancellationToken cancellationToken)
    {
        var wire = command.ToWire();
        _log.Detail($"{_remote.SshCommand} {command.ToDisplay()}");
        var output = new ServerOutputTail();
        var gate = new object();

        void OnLine(string? line, bool stderr)
        {
            var masked = mask.Apply(line ?? string.Empty);
            lock (gate)
            {
                Show(masked);
            }

            output.Add(masked, stderr);
        }

        var exitCode = await _shell.RunAsync(
            wire,
            writeStdin,
            line => OnLine(line, stderr: false),
            line => OnLine(line, stderr: true),
            cancellationToken).ConfigureAwait(false);
        return output.ToOutput(exitCode);
    }

    /// <summary>
    /// Dokku's own steps, headers and errors are what a user follows at normal verbosity; the build and
    /// container output in between is detail.
    /// </summary>
    private void Show(string line)
    {
        var clean = DokkuOutput.Clean(line);
        if (DokkuOutput.Classify(line) is DokkuLineKind.Step or DokkuLineKind.Header or DokkuLineKind.Error)
        {
            _log.Step("  " + clean);
        }
        else
        {
            _log.Detail(clean);
        }
    }

    private static string Truncate(string text, int maximum = 2000) =>
        text.Length <= maximum ? text : text.Substring(0, maximum) + " …";

    [GeneratedRegex(@"(?<version>\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)")]
    private static partial Regex VersionPattern();
}
