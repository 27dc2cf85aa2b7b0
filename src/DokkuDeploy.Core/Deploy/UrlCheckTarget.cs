using System.Net;
using System.Net.Sockets;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// Where the URL check sends its request. Dokku prints URLs with the server's own names (http://vm:8080,
/// http://hello.dokku.me), which this machine may not resolve: then the address SSH reached stands in for
/// the host, with the reported host as the Host header Dokku's proxy routes on. Such a guess can reach
/// another service on that port, so the check must say it guessed.
/// </summary>
public sealed record UrlCheckTarget(Uri Url, string? HostHeader, Uri Reported)
{
    public bool IsFallback => HostHeader is not null;

    public static UrlCheckTarget Direct(Uri url) => new(url, null, url);

    /// <param name="resolves">Whether a host name resolves on this machine; a parameter so tests send no DNS query.</param>
    public static async Task<UrlCheckTarget> ForReportedAsync(
        Uri reported, string serverAddress, Func<string, CancellationToken, Task<bool>>? resolves, CancellationToken cancellationToken)
    {
        if (reported.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            || await (resolves ?? ResolvesAsync)(reported.Host, cancellationToken).ConfigureAwait(false))
        {
            return Direct(reported);
        }

        return new UrlCheckTarget(new UriBuilder(reported) { Host = serverAddress }.Uri, reported.Authority, reported);
    }

    public UrlCheckTarget WithPath(string path) =>
        path == "/" ? this : this with { Url = new Uri(Url, path), Reported = new Uri(Reported, path) };

    /// <summary>What was asked, in words a user can repeat with curl.</summary>
    public string Describe() => IsFallback
        ? $"{Url} with Host: {HostHeader} ({Reported.Host} does not resolve here, so the check asked {Url.Host}, the address SSH reached)"
        : Url.ToString();

    static async Task<bool> ResolvesAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return (await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false)).Length > 0;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
