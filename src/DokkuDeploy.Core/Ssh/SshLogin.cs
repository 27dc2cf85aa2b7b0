using System.Net.Sockets;
using System.Text;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;
using DokkuDeploy.Core.Timing;

namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// An SSH.NET client connected to the Dokku host and logged in, the one way every connection of a deploy is made:
/// the login keys (agent and key files, see <see cref="LoginKeys"/>), the host key checked against a
/// <see cref="HostKeyPolicy"/> during key exchange (HostKeyAlias included), so nothing is sent to a server we do not
/// trust, and failures turned into DOKKU40xx errors. Owns the client and the loaded keys until disposed.
/// </summary>
internal sealed class SshLogin : IDisposable
{
    private readonly LoginKeys _keys;

    private SshLogin(SshClient client, LoginKeys keys)
    {
        Client = client;
        _keys = keys;
    }

    public SshClient Client { get; }

    /// <summary>The server's version line, for the log.</summary>
    public string? ServerVersion => Client.ConnectionInfo.ServerVersion;

    /// <param name="purpose">What the connection is for, said in the log ("git push"); null for the deploy's own.</param>
    /// <exception cref="DeployException">DOKKU40xx when the host cannot be reached, its key is not trusted or login fails.</exception>
    public static async Task<SshLogin> ConnectAsync(
        SshTarget target, SshCredentials credentials, HostKeyPolicy policy, IDeployLog log, SshConnectOptions options,
        string? purpose, CancellationToken cancellationToken)
    {
        using var span = DeployTrace.Span(purpose is null ? $"ssh login {target}" : $"ssh login {target} for {purpose}");
        var keys = LoginKeys.Load(credentials, log);
        var keysTried = keys.Description;
        var info = new ConnectionInfo(
            target.Host,
            target.Port,
            target.User,
            new PrivateKeyAuthenticationMethod(target.User, keys.Sources))
        {
            Timeout = options.ConnectTimeout,
            Encoding = new UTF8Encoding(false),
        };
        PreferKnownHostKeyTypes(info, policy.KnownKeyTypes(target.KnownHostsName, target.KnownHostsPort));

        var client = new SshClient(info);
        HostKeyRejection? rejection = null;
        client.HostKeyReceived += (_, e) =>
        {
            var keyType = SshKeyBlob.TryReadKeyType(e.HostKey) ?? e.HostKeyName;
            var verdict = policy.Check(target.KnownHostsName, target.KnownHostsPort, keyType, e.HostKey);
            e.CanTrust = verdict == HostKeyVerdict.Trusted;
            rejection = e.CanTrust ? null : new HostKeyRejection(verdict, keyType, e.HostKey);
        };

        log.Detail(purpose is null ? $"Connecting to {target} with {keysTried}" : $"Connecting to {target} with {keysTried} for {purpose}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await client.ConnectAsync(timeout.Token).ConfigureAwait(false);
            client.KeepAliveInterval = options.KeepAliveInterval;
        }
        catch (Exception e)
        {
            client.Dispose();
            keys.Dispose();

            cancellationToken.ThrowIfCancellationRequested();
            throw ConnectError(e, target, rejection, policy, keysTried, options);
        }

        return new SshLogin(client, keys);
    }

    public void Dispose()
    {
        Client.Dispose();
        _keys.Dispose();
    }

    internal static DeployException ConnectError(
        Exception e, SshTarget target, HostKeyRejection? rejection, HostKeyPolicy policy, string keysTried, SshConnectOptions options)
    {
        var seconds = (int)Math.Ceiling(options.ConnectTimeout.TotalSeconds);
        if (rejection is not null)
        {
            return rejection.ToError(target, policy);
        }

        // The agent's refusal to sign surfaces from inside SSH.NET's login, already coded.
        if ((e as DeployException ?? e.InnerException as DeployException) is { } coded)
        {
            return coded;
        }

        return e switch
        {
            SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } =>
                DeployErrors.SshHostNotResolvable(target.Host, target.Port, e),
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } =>
                DeployErrors.SshConnectionRefused(target.Host, target.Port, e),
            SocketException { SocketErrorCode: SocketError.TimedOut } or SshOperationTimeoutException or OperationCanceledException =>
                DeployErrors.SshConnectionTimedOut(target.Host, target.Port, seconds, e),
            SshAuthenticationException =>
                DeployErrors.SshAuthenticationRefused(target.User, target.Host, target.Port, keysTried, e),
            _ => DeployErrors.SshConnectionFailed(target.Host, target.Port, e.Message.TrimEnd('.'), e),
        };
    }

    private static void PreferKnownHostKeyTypes(ConnectionInfo info, IReadOnlyList<string> knownKeyTypes)
    {
        // Host certificates are not checked (@cert-authority is ignored), so never negotiate them: the server
        // would send a certificate blob that no plain known_hosts line can match. Key types known_hosts already
        // trusts for this host go first, as OpenSSH orders them, so a host known only by its RSA key still connects.
        var algorithms = info.HostKeyAlgorithms.Where(a => !a.Key.Contains("-cert-", StringComparison.Ordinal)).ToList();
        var preferred = knownKeyTypes.SelectMany(AlgorithmsFor).ToHashSet(StringComparer.Ordinal);
        info.HostKeyAlgorithms.Clear();
        foreach (var algorithm in algorithms.Where(a => preferred.Contains(a.Key)).Concat(algorithms.Where(a => !preferred.Contains(a.Key))))
        {
            info.HostKeyAlgorithms.Add(algorithm.Key, algorithm.Value);
        }
    }

    private static IEnumerable<string> AlgorithmsFor(string keyType) =>
        keyType == "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] : [keyType];
}
