using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace DokkuDeploy.Core.Ssh.Agent;

/// <summary>
/// Talks to an ssh-agent over its Unix socket (SSH_AUTH_SOCK), with the two requests a login needs:
/// list the keys (SSH2_AGENTC_REQUEST_IDENTITIES) and sign with one (SSH2_AGENTC_SIGN_REQUEST).
/// The private keys never leave the agent. Each request opens its own connection, so the client is safe to share.
/// </summary>
public sealed class SshAgentClient(string socketPath)
{
    /// <summary>Asks for an RSA signature with SHA-256 (rsa-sha2-256) instead of SHA-1.</summary>
    public const uint RsaSha2256 = 2;

    /// <summary>Asks for an RSA signature with SHA-512 (rsa-sha2-512) instead of SHA-1.</summary>
    public const uint RsaSha2512 = 4;

    private const byte Failure = 5;
    private const byte RequestIdentities = 11;
    private const byte IdentitiesAnswer = 12;
    private const byte SignRequest = 13;
    private const byte SignResponse = 14;

    // OpenSSH's agent refuses messages over 256 KiB; nothing we ask for comes near it.
    private const int MaxMessageLength = 256 * 1024;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public string SocketPath { get; } = socketPath;

    /// <exception cref="SshAgentException">The agent cannot be reached or answers something else.</exception>
    public IReadOnlyList<AgentIdentity> ListIdentities()
    {
        var answer = Request([RequestIdentities]);
        var reader = new Reader(answer);
        if (reader.Byte() != IdentitiesAnswer)
        {
            throw new SshAgentException("the agent did not answer the request for its keys");
        }

        var count = reader.UInt32();
        var identities = new List<AgentIdentity>();
        for (var i = 0; i < count; i++)
        {
            var blob = reader.Bytes();
            var comment = Encoding.UTF8.GetString(reader.Bytes());
            identities.Add(new AgentIdentity(blob, comment));
        }

        return identities;
    }

    /// <summary>The agent's signature: the SSH signature blob (string algorithm, string signature), as a login request carries it.</summary>
    /// <exception cref="SshAgentException">The agent cannot be reached or refuses (it does not hold the key, or a confirmation was refused).</exception>
    public byte[] Sign(byte[] keyBlob, byte[] data, uint flags)
    {
        var request = new Writer();
        request.Byte(SignRequest);
        request.Bytes(keyBlob);
        request.Bytes(data);
        request.UInt32(flags);
        var answer = Request(request.ToArray());
        var reader = new Reader(answer);
        return reader.Byte() switch
        {
            SignResponse => reader.Bytes(),
            Failure => throw new SshAgentException("the agent refused to sign"),
            var other => throw new SshAgentException($"the agent answered message type {other} to a sign request"),
        };
    }

    private byte[] Request(byte[] message)
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.SendTimeout = (int)Timeout.TotalMilliseconds;
            socket.ReceiveTimeout = (int)Timeout.TotalMilliseconds;
            socket.Connect(new UnixDomainSocketEndPoint(SocketPath));
            var frame = new byte[4 + message.Length];
            BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)message.Length);
            message.CopyTo(frame, 4);
            socket.Send(frame);

            var header = ReceiveExactly(socket, 4);
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (length is 0 or > MaxMessageLength)
            {
                throw new SshAgentException($"the agent sent a message of {length} bytes");
            }

            return ReceiveExactly(socket, (int)length);
        }
        catch (SocketException e)
        {
            throw new SshAgentException($"cannot talk to the agent at {SocketPath} ({e.SocketErrorCode})", e);
        }
    }

    private static byte[] ReceiveExactly(Socket socket, int count)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = socket.Receive(buffer, read, count - read, SocketFlags.None);
            if (n == 0)
            {
                throw new SshAgentException("the agent closed the connection mid-answer");
            }

            read += n;
        }

        return buffer;
    }

    private sealed class Writer
    {
        private readonly MemoryStream _stream = new();

        public void Byte(byte value) => _stream.WriteByte(value);

        public void UInt32(uint value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
            _stream.Write(bytes);
        }

        public void Bytes(byte[] value)
        {
            UInt32((uint)value.Length);
            _stream.Write(value);
        }

        public byte[] ToArray() => _stream.ToArray();
    }

    private sealed class Reader(byte[] data)
    {
        private int _position;

        public byte Byte() => _position < data.Length ? data[_position++] : throw Truncated();

        public uint UInt32()
        {
            if (data.Length - _position < 4)
            {
                throw Truncated();
            }

            var value = BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(_position));
            _position += 4;
            return value;
        }

        public byte[] Bytes()
        {
            var length = UInt32();
            if (length > data.Length - _position)
            {
                throw Truncated();
            }

            var value = data.AsSpan(_position, (int)length).ToArray();
            _position += (int)length;
            return value;
        }

        private static SshAgentException Truncated() => new("the agent's answer is cut short");
    }
}
