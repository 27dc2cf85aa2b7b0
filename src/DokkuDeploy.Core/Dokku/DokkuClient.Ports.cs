namespace DokkuDeploy.Core.Dokku;

/// <summary>The app's port map (Dokku's ports plugin): read the app's own map, set it, clear it.</summary>
public sealed partial class DokkuClient
{
    /// <summary>The app's own map (<c>ports:report APP --ports-map</c>): empty when Dokku routes by the one it detects.</summary>
    public async Task<IReadOnlyList<PortMapping>> PortMapAsync(string app, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        var command = new DokkuCommand("ports:report").Args(app, "--ports-map");
        var output = await RunAsync(command, null, SecretMask.None, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode != 0)
        {
            ThrowOnAppMissingOrSsh(command, output, app);
            ThrowOnCommonFailures(command, output);
            throw Failed(command, output);
        }

        return PortMapping.ParseMap(string.Join(" ", output.Stdout.Select(DokkuOutput.Clean)));
    }

    /// <summary>Replaces the app's own map (<c>ports:set APP MAPPING…</c>); Dokku routes a running app by it at once.</summary>
    public async Task SetPortsAsync(string app, IReadOnlyList<PortMapping> map, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        var command = new DokkuCommand("ports:set").Arg(app).Args([.. map.Select(m => m.ToString())]);
        await RunCheckedAsync(command, app, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes the app's own map (<c>ports:clear APP</c>): the next deploy detects one from its image again.</summary>
    public async Task ClearPortsAsync(string app, CancellationToken cancellationToken)
    {
        AppName.Validate(app);
        await RunCheckedAsync(new DokkuCommand("ports:clear").Arg(app), app, cancellationToken).ConfigureAwait(false);
    }

    async Task RunCheckedAsync(DokkuCommand command, string app, CancellationToken cancellationToken)
    {
        var output = await RunAsync(command, null, SecretMask.None, cancellationToken).ConfigureAwait(false);
        if (output.ExitCode != 0)
        {
            ThrowOnAppMissingOrSsh(command, output, app);
            ThrowOnCommonFailures(command, output);
            throw Failed(command, output);
        }
    }
}
