using System.Text;
using System.Text.Json;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Dokku;

/// <summary>
/// The app's config: read it whole, set values, unset keys. Values are secrets: they never reach the log or an
/// exception message, and where the server has <c>config:import</c> they never reach a command line either.
/// </summary>
public sealed partial class DokkuClient
{
    /// <summary>
    /// Sets config variables, <c>--no-restart</c> unless <paramref name="restart"/>. On a server with
    /// <c>config:import</c> the values travel on the command's stdin (<see cref="TryImportConfigAsync"/>); on one
    /// without it (found out once per server per run, and said once, <see cref="DeployErrors.ConfigImportMissingWarning"/>) with <c>config:set --encoded</c>,
    /// where the server's process list shows them while the command runs.
    /// </summary>
    public async Task SetConfigAsync(string app, IReadOnlyDictionary<string, string> values, bool restart, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return;
        }

        foreach (var (key, value) in values)
        {
            ConfigKey.Validate(key);
            ArgumentNullException.ThrowIfNull(value, key);
        }

        if (_features.HasConfigImport(FeatureKey) != false
            && await TryImportConfigAsync(app, values, cancellationToken).ConfigureAwait(false))
        {
            if (restart)
            {
                await RestartAsync(app, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await SetEncodedConfigAsync(app, values, restart, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Unsets config variables without a restart (<c>--quiet config:unset --no-restart APP KEY…</c>): names only, no values.</summary>
    public async Task UnsetConfigAsync(string app, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        if (keys.Count == 0)
        {
            return;
        }

        var command = new DokkuCommand("config:unset").Quiet().Arg("--no-restart").Arg(app);
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            ConfigKey.Validate(key);
            command.Arg(key);
        }

        var output = await RunAsync(command, null, SecretMask.None, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode == 0)
        {
            return;
        }

        ThrowOnAppMissingOrSsh(command, output, app);
        throw DeployErrors.DokkuConfigSetFailed(app, _remote.Server, _remote.SshCommand, output.ExitCode, Truncate(DokkuOutput.Summarize(output.All)));
    }

    /// <summary>
    /// The app's config as Dokku holds it (<c>config:export --format json</c>), to set only what differs.
    /// The values are secrets: unlike every other command's output, these lines are never logged.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ConfigExportAsync(string app, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        var command = new DokkuCommand("config:export").Args("--format", "json", app);
        _log.Detail($"{_remote.SshCommand} {command.ToDisplay()}");
        // The JSON is read whole (it is the app's config, not server chatter); the errors as a tail.
        var json = new StringBuilder();
        var errors = new ServerOutputTail();
        var exitCode = await _shell.RunAsync(command.ToWire(), null, line => json.Append(line).Append('\n'), line => errors.Add(line, stderr: true), cancellationToken).ConfigureAwait(false);
        if (exitCode != 0)
        {
            var output = errors.ToOutput(exitCode);
            foreach (var line in output.All)
            {
                _log.Detail(DokkuOutput.Clean(line));
            }

            ThrowOnAppMissingOrSsh(command, output, app);
            throw Failed(command, output);
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json.ToString()) ?? new Dictionary<string, string>();
        }
        catch (JsonException)
        {
            throw DeployErrors.DokkuUnexpectedOutput(command.ToDisplay(), _remote.Server, "an answer that is not a JSON object of strings (not shown: it holds config values)");
        }
    }

    /// <summary>
    /// <c>--quiet config:set --encoded [--no-restart] APP KEY=BASE64…</c>: base64, so any character survives the
    /// server's xargs; quiet, so Dokku does not print the values back.
    /// </summary>
    private async Task SetEncodedConfigAsync(string app, IReadOnlyDictionary<string, string> values, bool restart, CancellationToken cancellationToken)
    {
        var command = new DokkuCommand("config:set").Quiet().Arg("--encoded");
        if (!restart)
        {
            command.Arg("--no-restart");
        }

        command.Arg(app);
        var encodedValues = new List<string>();
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
            command.SecretArg(key + "=", encoded);
            encodedValues.Add(encoded);
        }

        var mask = new SecretMask(encodedValues, values);
        var output = await RunAsync(command, null, mask, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode == 0)
        {
            return;
        }

        ThrowOnAppMissingOrSsh(command, output, app);
        throw DeployErrors.DokkuConfigSetFailed(app, _remote.Server, _remote.SshCommand, output.ExitCode,
            Truncate(mask.Apply(DokkuOutput.Summarize(output.All))));
    }

    // The port is part of the server: two sshd on one host may be two Dokkus.
    private string FeatureKey => $"{_remote.Server}:{_remote.Port}";
}
