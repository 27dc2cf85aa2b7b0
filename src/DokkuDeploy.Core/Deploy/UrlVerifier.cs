using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Deploy;

/// <summary>Checks that the deployed app answers HTTP, retrying while it warms up.</summary>
public sealed class UrlVerifier(IDeployLog log, TimeSpan timeout, string app, string sshCommand)
{
    /// <param name="hostHeader">The host Dokku routes by, when <paramref name="url"/> reaches the server under another name.</param>
    public async Task VerifyAsync(Uri url, string? hostHeader, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        string last = "no answer";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (hostHeader is not null)
                {
                    // Dokku's proxy picks the app by Host: without it, another app could answer for this one.
                    request.Headers.Host = hostHeader;
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if ((int)response.StatusCode < 400)
                {
                    log.Step($"Verified: {url} answered {(int)response.StatusCode} {response.ReasonPhrase} after {clock.Elapsed.TotalSeconds:0.0} s");
                    return;
                }

                last = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or IOException
                                          || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                last = e.InnerException?.Message ?? e.Message;
            }

            if (clock.Elapsed >= timeout)
            {
                throw DeployErrors.VerifyFailed(url.ToString(), last, (int)timeout.TotalSeconds, app, sshCommand);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Dokku prints URLs with the server's own hostname (e.g. http://vm:8080), which the developer's
    /// machine may not resolve: then the SSH host, which it did reach, stands in for it.
    /// </summary>
    public static async Task<Uri> ReachableAsync(Uri url, string sshHost, CancellationToken cancellationToken)
    {
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return url;
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(url.Host, cancellationToken).ConfigureAwait(false);
            if (addresses.Length > 0)
            {
                return url;
            }
        }
        catch (SocketException)
        {
        }

        return new UriBuilder(url) { Host = sshHost }.Uri;
    }
}
