using System.Buffers.Binary;
using System.Text;

namespace DokkuDeploy.Core.Ssh;

/// <summary>Reads the key type that starts every SSH public key blob (an SSH string: uint32 length, then ASCII).</summary>
internal static class SshKeyBlob
{
    public static string? TryReadKeyType(byte[] blob)
    {
        if (blob.Length < 4)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(blob);
        if (length == 0 || length > 64 || length > blob.Length - 4)
        {
            return null;
        }

        var type = Encoding.ASCII.GetString(blob, 4, (int)length);
        return type.All(c => c > ' ' && c < 127) ? type : null;
    }
}
