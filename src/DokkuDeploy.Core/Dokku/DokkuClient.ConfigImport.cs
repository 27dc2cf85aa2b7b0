using System.Text.Json;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Dokku;

/// <summary>
/// <c>config:import</c> (Dokku 0.37+): the values go as a JSON object on the command's stdin, so that no
/// command line on either side, and so no process list, ever holds one. It merges the keys it is given onto the
/// app's config, as config:set does (keys it is not given stay; removing keys is config:unset's job).
/// </summary>
public sealed partial class DokkuClient
{
    /// <summary>What Dokku's flag parser says of a flag it does not know (exit 2).</summary>
    private static readonly string[] UnknownFlagAnswers = ["flag provided but not defined", "unknown flag"];

    /// <summary>
    /// <c>--quiet config:import --no-restart --format json APP -</c> with the values on stdin. Whatever the command
    /// prints on stdout ("Setting config vars" and the values, were it not quiet) is dropped unread: never shown,
    /// never kept. Its errors are shown with every value masked.
    /// </summary>
    /// <returns>False when the server has no usable config:import (recorded for the run; nothing was changed).</returns>
    private async Task<bool> TryImportConfigAsync(string app, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var command = new DokkuCommand("config:import").Quiet().Args("--no-restart", "--format", "json", app, "-");
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new SortedDictionary<string, string>(values.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal));
        var mask = new SecretMask([], values);
        _log.Detail($"{_remote.SshCommand} {command.ToDisplay()}   (values on stdin: {string.Join(", ", values.Keys.Order(StringComparer.Ordinal))})");

        var errors = new ServerOutputTail();
        var exitCode = await _shell.RunAsync(
            command.ToWire(),
            async (stdin, ct) =>
            {
                await stdin.WriteAsync(payload, ct).ConfigureAwait(false);
                await stdin.WriteAsync("\n"u8.ToArray(), ct).ConfigureAwait(false);
            },
            _ => { },
            line => errors.Add(mask.Apply(line ?? string.Empty), stderr: true),
            cancellationToken).ConfigureAwait(false);

        var output = errors.ToOutput(exitCode);
        var lines = output.All.ToList();
        if (exitCode == 0)
        {
            _features.RecordConfigImport(FeatureKey, has: true);
            return true;
        }

        if (IsUnknownCommand(output))
        {
            NoConfigImport("it answers that `config:import` is not a Dokku command (Dokku older than 0.37)");
            return false;
        }

        // pflag prints its complaint bare ("unknown flag: --x"), without Dokku's error marker.
        if (exitCode == 2 && lines.Any(line => UnknownFlagAnswers.Any(a => line.Contains(a, StringComparison.OrdinalIgnoreCase))))
        {
            NoConfigImport($"its `config:import` does not take `--no-restart --format json` ({Truncate(DokkuOutput.Summarize(lines), 200)})");
            return false;
        }

        lines.ForEach(line => _log.Detail(DokkuOutput.Clean(line)));
        ThrowOnAppMissingOrSsh(command, output, app);
        throw DeployErrors.DokkuConfigSetFailed(app, _remote.Server, _remote.SshCommand, exitCode, Truncate(DokkuOutput.Summarize(lines)));
    }

    private void NoConfigImport(string reason)
    {
        if (_features.RecordConfigImport(FeatureKey, has: false))
        {
            _log.Warning(DeployErrors.ConfigImportMissingWarning, DeployErrors.ConfigImportMissing(_remote.Server, _remote.SshCommand, reason));
        }
    }
}
