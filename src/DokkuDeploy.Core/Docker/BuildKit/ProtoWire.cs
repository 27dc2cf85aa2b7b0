namespace DokkuDeploy.Core.Docker.BuildKit;

/// <summary>
/// Just enough of the protobuf wire format to read BuildKit's status messages: varints and
/// length-delimited fields. Unknown fields and wire types are skipped, so newer engines that add
/// fields still read.
/// </summary>
ref struct ProtoWire(ReadOnlySpan<byte> data)
{
    ReadOnlySpan<byte> rest = data;

    /// <summary>Reads the next field's number and wire type; false at the end.</summary>
    public bool Next(out int field, out int wireType)
    {
        if (rest.IsEmpty)
        {
            field = wireType = 0;
            return false;
        }

        var key = ReadVarint();
        field = (int)(key >> 3);
        wireType = (int)(key & 7);
        return true;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (rest.IsEmpty)
                throw new FormatException("truncated varint");
            var b = rest[0];
            rest = rest[1..];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
                return value;
        }

        throw new FormatException("varint longer than 64 bits");
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)rest.Length)
            throw new FormatException("length-delimited field runs past the end");
        var bytes = rest[..(int)length];
        rest = rest[(int)length..];
        return bytes;
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes());

    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0: ReadVarint(); break;
            case 1: Advance(8); break;
            case 2: ReadBytes(); break;
            case 5: Advance(4); break;
            default: throw new FormatException($"unsupported wire type {wireType}");
        }
    }

    void Advance(int count)
    {
        if (count > rest.Length)
            throw new FormatException("fixed-size field runs past the end");
        rest = rest[count..];
    }
}
