using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using DokkuDeploy.Core.Timing;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// DokkuVerifyUrl: null for no check; "/" or "/path" for the URL Dokku reports (plus the path);
/// else an absolute http(s) URL.
/// </summary>
sealed class AppCheck
{
    readonly string target;

    AppCheck(string target) => this.target = target;

    public static AppCheck? Parse(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return new AppCheck("/");
        }

        if (text.StartsWith('/') || AbsoluteHttpUrl(text) is not null)
        {
            return new AppCheck(text);
        }

        throw DeployErrors.VerifyUrlInvalid(text);
    }

    /// <summary>What the check will fetch, for the dry run.</summary>
    public string Describe() => AbsoluteHttpUrl(target) is not null ? target : $"the app's URL{(target == "/" ? "" : " + " + target)}";

    /// <param name="serverAddress">Where SSH reached the server: tried in place of a reported host that does not resolve here.</param>
    /// <param name="resolves">Whether a host resolves here; null for DNS (tests pass their own).</param>
    public async Task RunAsync(IReadOnlyList<string> urls, DokkuRemote remote, string serverAddress, IDeployLog log, CancellationToken cancellationToken,
        Func<string, CancellationToken, Task<bool>>? resolves = null, TimeSpan? timeout = null)
    {
        using var span = DeployTrace.Span($"check {target}");
        UrlCheckTarget checkTarget;
        if (AbsoluteHttpUrl(target) is { } absolute)
        {
            checkTarget = UrlCheckTarget.Direct(absolute);
        }
        else if (urls.Count == 0)
        {
            log.Warning(DeployErrors.AppUrlUnknownWarning, DeployErrors.AppUrlUnknown());
            return;
        }
        else
        {
            var reported = await UrlCheckTarget.ForReportedAsync(new Uri(urls[0]), serverAddress, resolves, cancellationToken).ConfigureAwait(false);
            checkTarget = reported.WithPath(target);
        }

        await new UrlVerifier(log, timeout ?? TimeSpan.FromSeconds(30), remote.App, remote.SshCommand).VerifyAsync(checkTarget, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Only http(s): on Unix "/health" parses as an absolute file:// URI.</summary>
    static Uri? AbsoluteHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
}
