using System.Text;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Registry;

namespace DokkuDeploy.Core.Dokku;

public sealed partial class DokkuClient
{
    private const string RegistryLoginMinimumVersion = "0.25.0";

    /// <summary>
    /// Logs the server's Docker in to a registry for every app (<c>registry:login --global --password-stdin SERVER USER</c>),
    /// so that <c>git:from-image</c> can pull from it. The password goes through stdin: it is never on the command
    /// line (neither ours nor the server's process list) and is masked in any line the server prints.
    /// Dokku before 0.38 has no --global (a login was always global): then it is asked again without it.
    /// </summary>
    public async Task RegistryLoginAsync(string registryServer, RegistryCredential credential, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(registryServer);
        ArgumentNullException.ThrowIfNull(credential);
        var mask = new SecretMask([credential.Secret]);
        var output = await LoginOnceAsync(global: true).ConfigureAwait(false);
        if (output.ExitCode != 0 && output.All.Any(l => l.Contains("unknown flag: --global", StringComparison.Ordinal)))
        {
            output = await LoginOnceAsync(global: false).ConfigureAwait(false);
        }

        if (output.ExitCode == 0)
        {
            return;
        }

        if (IsUnknownCommand(output))
        {
            throw DeployErrors.DokkuCommandUnknown("registry:login", _remote.Server, _remote.SshCommand, RegistryLoginMinimumVersion);
        }

        ThrowOnCommonFailures(new DokkuCommand("registry:login"), output);
        throw DeployErrors.RegistryServerLoginFailed(_remote.Server, registryServer, Truncate(mask.Apply(DokkuOutput.Summarize(output.All))));

        Task<DokkuCommandOutput> LoginOnceAsync(bool global)
        {
            var login = new DokkuCommand("registry:login");
            if (global)
            {
                login.Arg("--global");
            }

            login.Arg("--password-stdin").Arg(registryServer).Arg(credential.Username);
            return RunAsync(login, (stdin, ct) => WritePasswordAsync(stdin, credential.Secret, ct), mask, cancellationToken);
        }
    }

    /// <summary>
    /// <c>git:from-image APP IMAGE</c> for an image in a registry: as <see cref="FromImageAsync"/>, and a failed pull
    /// (the server not logged in, a plain-HTTP registry its engine will not use) becomes its own coded error.
    /// </summary>
    public async Task<DeployResult> FromRegistryImageAsync(string app, RegistryImage image, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        ArgumentNullException.ThrowIfNull(image);
        var command = new DokkuCommand("git:from-image").Arg(app).Arg(image.Reference);
        var output = await RunAsync(command, null, SecretMask.None, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode is not (0 or ExitAppMissing or ExitSshFailure) && !DokkuOutput.IsNoChanges(output.All) && !IsUnknownCommand(output))
        {
            // Only the pull's own lines: a failed health check's container output can say "permission denied" too.
            var pullErrors = output.All.Select(DokkuOutput.Clean).Where(line => IsPullError(line, image.Registry.Host)).ToList();
            if (pullErrors.Count > 0)
            {
                var text = string.Join("\n", pullErrors);
                var summary = Truncate(DokkuOutput.Summarize(output.All));
                var registry = image.Registry.Host;
                if (Has(text, "server gave HTTP response to HTTPS client"))
                {
                    throw DeployErrors.RegistryServerPullNotTls(app, _remote.Server, image.Reference, registry, summary);
                }

                if (Has(text, "no basic auth credentials") || Has(text, "unauthorized") || Has(text, "authentication required")
                    || Has(text, "access to the resource is denied") || Has(text, "pull access denied") || Has(text, "401 Unauthorized"))
                {
                    throw DeployErrors.RegistryServerPullUnauthorized(app, _remote.Server, image.Reference, registry, summary, _remote.SshCommand);
                }

                throw DeployErrors.RegistryServerPullFailed(app, _remote.Server, image.Reference, registry, summary);
            }
        }

        return InterpretDeploy(command, output, app, FromImageMinimumVersion);
    }

    private static async Task WritePasswordAsync(Stream stdin, string password, CancellationToken cancellationToken)
    {
        // Dokku trims the line it reads; the newline ends it as `echo` would.
        var bytes = Encoding.UTF8.GetBytes(password + "\n");
        await stdin.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await stdin.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The engine's answer to a failed pull ("Error response from daemon: Get \"https://REGISTRY/v2/…\": …",
    /// "pull access denied", "manifest unknown"), and Dokku's line after it; not the daemon's other errors.
    /// </summary>
    private static bool IsPullError(string line, string registryHost) =>
        Has(line, "Unable to pull image") || Has(line, "no basic auth credentials")
        || (Has(line, "Error response from daemon") && (Has(line, registryHost) || Has(line, "pull") || Has(line, "manifest")));

    private static bool Has(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
