using System.Net.Http;

namespace DokkuDeploy.Core.Deploy;

/// <summary>One answer to the URL check: its status and who said they sent it (the Server header).</summary>
public sealed record HttpAnswer(int Status, string? Reason, string? Server)
{
    // What stands between a Dokku app and the world: the proxies Dokku ships (nginx is the default;
    // openresty, caddy, haproxy and traefik are its other proxy plugins) or, with the proxy off, the app's
    // own Kestrel. haproxy and traefik send no Server header of their own.
    static readonly string[] AppSide = ["nginx", "openresty", "caddy", "kestrel"];

    public bool IsSuccess => Status < 400;

    /// <summary>
    /// True when the answer names a server that is neither a Dokku proxy nor Kestrel: on a guessed address
    /// that is another service on the port, never the app.
    /// </summary>
    public bool IsFromAnotherService =>
        Server is { Length: > 0 } server && !AppSide.Any(name => server.Contains(name, StringComparison.OrdinalIgnoreCase));

    public static HttpAnswer From(HttpResponseMessage response) =>
        new((int)response.StatusCode, response.ReasonPhrase, response.Headers.Server.Count > 0 ? response.Headers.Server.ToString() : null);

    public override string ToString() => $"HTTP {Status}{(string.IsNullOrEmpty(Reason) ? "" : " " + Reason)}{(Server is null ? "" : $" (Server: {Server})")}";
}
