namespace DokkuDeploy.Core.Ssh;

/// <summary>Timing knobs of <see cref="SshRemoteShell"/>; the defaults suit a deploy.</summary>
public sealed class SshConnectOptions
{
    public static SshConnectOptions Default { get; } = new();

    /// <summary>
    /// How long connecting, key exchange and login may take together. Generous because a busy server (or its
    /// sshd's reverse DNS lookup) can take over 15 s to log in, and several servers log in at once; a refused
    /// or unresolvable host fails at once regardless.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Keep-alive messages keep NAT and firewalls from dropping a connection that is quiet during a long deploy step.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long one write of a command's input may wait without the link taking a byte. A link that goes
    /// silent mid-transfer can block the socket's send for ever (keep-alives queue behind it), so this is
    /// what turns a frozen link into an error.
    /// </summary>
    public TimeSpan InputStallTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>After cancellation, how long the remote command gets to stop before the connection is dropped.</summary>
    public TimeSpan CancelGracePeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The deadline of a command's teardown, and of closing the connection: once a command has ended (or been given
    /// up), its channel's close and every thread it started (output readers, the input writer) must end within this;
    /// past it the connection is dropped, which ends them. Closing the connection gets as long for its goodbye.
    /// </summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
