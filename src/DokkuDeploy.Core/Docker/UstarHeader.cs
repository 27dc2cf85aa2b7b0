using System.Text;

namespace DokkuDeploy.Core.Docker;

/// <summary>A 512-byte ustar header for a file or directory of at most 100 ASCII characters, owned by root, time 0.</summary>
static class UstarHeader
{
    public const int Size = 512;

    public static byte[] File(string name, long size) => Make(name, size, '0', "0000644");

    public static byte[] Directory(string name) => Make(name, 0, '5', "0000755");

    static byte[] Make(string name, long size, char type, string mode)
    {
        if (name.Length > 100 || Encoding.UTF8.GetByteCount(name) != name.Length)
        {
            throw new ArgumentException($"A ustar name is at most 100 ASCII characters: {name}", nameof(name));
        }

        var header = new byte[Size];
        Write(header, 0, name);
        Write(header, 100, mode);
        Write(header, 108, "0000000");
        Write(header, 116, "0000000");
        Write(header, 124, Convert.ToString(size, 8).PadLeft(11, '0'));
        Write(header, 136, "00000000000");
        header[156] = (byte)type;
        Write(header, 257, "ustar\0");
        Write(header, 263, "00");
        // The checksum is summed with its own field read as spaces.
        Array.Fill(header, (byte)' ', 148, 8);
        var sum = header.Sum(b => b);
        Write(header, 148, Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ");
        return header;
    }

    static void Write(byte[] header, int offset, string text) => Encoding.ASCII.GetBytes(text, 0, text.Length, header, offset);
}
