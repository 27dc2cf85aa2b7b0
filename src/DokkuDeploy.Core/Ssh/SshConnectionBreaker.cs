using System.Net.Sockets;
using System.Reflection;
using Renci.SshNet;

namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// Drops an SSH.NET connection at once, by shutting its socket down. SSH.NET 2026.0.0 has no way to do that: its
/// Disconnect and Dispose first send a goodbye, and on a link whose peer stopped reading that send blocks for ever
/// (so does every other send: a channel close, a keep-alive, a signal from a cancel callback), keeping the thread,
/// the socket and the connection's reader thread alive. A shut-down socket fails those sends, the reader thread
/// sees the end, and SSH.NET then closes the connection as after any network failure, with nothing left running.
/// Until SSH.NET can do this itself, its session's socket is reached by reflection.
/// </summary>
internal static class SshConnectionBreaker
{
    /// <returns>False when this SSH.NET version has no such members: the caller can then only wait for SSH.NET's own
    /// close. True when the socket was shut down, or is already gone.</returns>
    public static bool TryBreak(BaseClient client)
    {
        var socketField = SocketField(client, out var session);
        if (socketField is null)
        {
            return false;
        }

        if (session is null || socketField.GetValue(session) is not Socket socket)
        {
            // No session yet, or SSH.NET has already closed its socket: nothing can block on it any more.
            return true;
        }

        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed meanwhile.
        }

        return true;
    }

    /// <summary>The socket under the client's session, or null; for the test that pins the SSH.NET version's shape.</summary>
    internal static Socket? SocketOf(BaseClient client) => SocketField(client, out var session)?.GetValue(session) as Socket;

    private static FieldInfo? SocketField(BaseClient client, out object? session)
    {
        var property = typeof(BaseClient).GetProperty("Session", BindingFlags.Instance | BindingFlags.NonPublic);
        session = property?.GetValue(client);
        var type = session?.GetType() ?? typeof(Session);
        return property is null ? null : type.GetField("_socket", BindingFlags.Instance | BindingFlags.NonPublic);
    }
}
