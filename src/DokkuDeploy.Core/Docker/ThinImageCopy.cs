using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace DokkuDeploy.Core.Docker;

/// <summary>
/// Copies a `docker save` tar and leaves out the layer files the server already holds; manifests and
/// configs always go. `docker load` then takes the missing layers from its own store (Docker 20.10's
/// image store does; a server that cannot fails, and the caller sends the full image instead).
/// The tar is passed through block by block, not re-encoded, and a layer to leave out is recognised by
/// its size, which its header gives before its bytes: hashing or spooling the 150 MB base layer on every
/// deploy would cost more than the rest of a second deploy. Recognising by size is safe because docker
/// load takes each layer's identity from the image config, not from the file: if a new layer happened to
/// have the size of a known one, the load fails on the missing file and the caller sends the full image.
/// Layers that are sent are hashed as they stream, for the next deploy's record. When a layer is left out, an OCI
/// index is added (<see cref="OciIndexAppendix"/>) so that Docker's containerd image store loads the tar too.
/// </summary>
public sealed class ThinImageCopy(IReadOnlyCollection<ImageLayer> serverLayers)
{
    const int Block = 512;

    readonly OciIndexAppendix appendix = new();
    bool appendixWritten;

    readonly Dictionary<long, ImageLayer> knownBySize = serverLayers.GroupBy(l => l.Size).ToDictionary(g => g.Key, g => g.First());

    /// <summary>Every layer file the tar held, with its digest, whether sent or not.</summary>
    public List<ImageLayer> Layers { get; } = new();

    public List<ImageLayer> Skipped { get; } = new();

    public async Task CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var header = new byte[Block];
        var pending = new MemoryStream();
        string? longName = null;
        long? longSize = null;
        while (await ReadBlockAsync(source, header, cancellationToken).ConfigureAwait(false))
        {
            if (header.All(b => b == 0))
            {
                await WriteAppendixAsync(destination, cancellationToken).ConfigureAwait(false);
                await destination.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                await source.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
                return;
            }

            var type = (char)header[156];
            var size = ParseSize(header);
            if (type is 'x' or 'g' or 'L' or 'K')
            {
                // Extended headers describe the entry that follows: they travel, or are dropped, with it.
                pending.Write(header);
                var start = pending.Length;
                await CopyBytesAsync(source, pending, Padded(size), cancellationToken).ConfigureAwait(false);
                var data = pending.GetBuffer().AsSpan((int)start, (int)size);
                longName = type switch
                {
                    'x' => PaxRecord(data, "path") ?? longName,
                    'L' => Encoding.UTF8.GetString(data).TrimEnd('\0'),
                    _ => longName,
                };
                if (type == 'x' && PaxRecord(data, "size") is { } paxSize)
                {
                    // Go writes 0 in the header's size field when the size does not fit it (8 GiB and more).
                    longSize = long.Parse(paxSize, System.Globalization.CultureInfo.InvariantCulture);
                }

                continue;
            }

            var name = longName ?? EntryName(header);
            var isFile = type is '0' or '\0';
            var isLayer = isFile && IsLayerPath(name);
            size = longSize ?? size;
            longName = null;
            longSize = null;
            if (isLayer && knownBySize.TryGetValue(size, out var held))
            {
                await CopyBytesAsync(source, Stream.Null, Padded(size), cancellationToken).ConfigureAwait(false);
                Layers.Add(held);
                Skipped.Add(held);
                appendix.SawLayer(name, held);
            }
            else if (isFile && !isLayer && size <= OciIndexAppendix.SmallFile)
            {
                var content = new byte[size];
                await source.ReadExactlyAsync(content, cancellationToken).ConfigureAwait(false);
                await CopyBytesAsync(source, Stream.Null, Padded(size) - size, cancellationToken).ConfigureAwait(false);
                appendix.SawFile(name, content);
                await destination.WriteAsync(pending.GetBuffer().AsMemory(0, (int)pending.Length), cancellationToken).ConfigureAwait(false);
                await destination.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                await WritePaddedAsync(destination, content, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await destination.WriteAsync(pending.GetBuffer().AsMemory(0, (int)pending.Length), cancellationToken).ConfigureAwait(false);
                await destination.WriteAsync(header, cancellationToken).ConfigureAwait(false);
                using var hash = isLayer ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
                await CopyBytesAsync(source, destination, size, cancellationToken, hash).ConfigureAwait(false);
                await CopyBytesAsync(source, destination, Padded(size) - size, cancellationToken).ConfigureAwait(false);
                if (hash is not null)
                {
                    var layer = new ImageLayer(Digest(hash), size);
                    Layers.Add(layer);
                    appendix.SawLayer(name, layer);
                }
            }

            pending.SetLength(0);
        }

        // A tar that ended without its end blocks gets them after the appendix, if there is one.
        if (await WriteAppendixAsync(destination, cancellationToken).ConfigureAwait(false))
        {
            await destination.WriteAsync(new byte[2 * Block], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>With a layer left out, what an image store that imports through containerd needs to load the rest.</summary>
    async Task<bool> WriteAppendixAsync(Stream destination, CancellationToken cancellationToken)
    {
        var entries = Skipped.Count > 0 && !appendixWritten ? appendix.Entries() : [];
        appendixWritten = true;
        if (entries.Count == 0)
        {
            return false;
        }

        await destination.WriteAsync(UstarHeader.Directory("blobs/"), cancellationToken).ConfigureAwait(false);
        await destination.WriteAsync(UstarHeader.Directory("blobs/sha256/"), cancellationToken).ConfigureAwait(false);
        foreach (var (path, content) in entries)
        {
            await destination.WriteAsync(UstarHeader.File(path, content.Length), cancellationToken).ConfigureAwait(false);
            await WritePaddedAsync(destination, content, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    static async Task WritePaddedAsync(Stream destination, byte[] content, CancellationToken cancellationToken)
    {
        await destination.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        await destination.WriteAsync(new byte[Padded(content.Length) - content.Length], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Docker 20.10 writes ID/layer.tar; engines with the containerd store write OCI blobs/sha256/DIGEST.</summary>
    static bool IsLayerPath(string name) =>
        name.EndsWith("/layer.tar", StringComparison.Ordinal) || name.StartsWith("blobs/sha256/", StringComparison.Ordinal);

    /// <summary>A record of a PAX extended header ("LEN KEY=VALUE\n" records).</summary>
    static string? PaxRecord(ReadOnlySpan<byte> data, string key)
    {
        foreach (var record in Encoding.UTF8.GetString(data).Split('\n'))
        {
            var space = record.IndexOf(' ');
            if (space > 0 && record.AsSpan(space + 1).StartsWith(key + "=", StringComparison.Ordinal))
            {
                return record[(space + key.Length + 2)..];
            }
        }

        return null;
    }

    static string EntryName(byte[] header)
    {
        var name = CString(header, 0, 100);
        var magic = Encoding.ASCII.GetString(header, 257, 5);
        var prefix = magic == "ustar" ? CString(header, 345, 155) : "";
        return prefix.Length > 0 ? $"{prefix}/{name}" : name;
    }

    static string CString(byte[] bytes, int offset, int length)
    {
        var end = Array.IndexOf(bytes, (byte)0, offset, length);
        return Encoding.UTF8.GetString(bytes, offset, (end < 0 ? offset + length : end) - offset);
    }

    /// <summary>Octal, or base-256 (high bit set) as some writers use for sizes of 8 GiB and more.</summary>
    static long ParseSize(byte[] header)
    {
        if ((header[124] & 0x80) != 0)
        {
            long value = 0;
            for (var i = 125; i < 136; i++)
            {
                value = (value << 8) | header[i];
            }

            return value;
        }

        var text = Encoding.ASCII.GetString(header, 124, 12).Trim('\0', ' ');
        return text.Length == 0 ? 0 : Convert.ToInt64(text, 8);
    }

    static long Padded(long size) => (size + Block - 1) / Block * Block;

    static string Digest(IncrementalHash hash) => "sha256:" + Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();

    static async Task<bool> ReadBlockAsync(Stream source, byte[] block, CancellationToken cancellationToken)
    {
        var read = await source.ReadAtLeastAsync(block, Block, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return read switch
        {
            0 => false,
            Block => true,
            _ => throw new InvalidDataException("The image stream from Docker ended inside a tar header."),
        };
    }

    static async Task CopyBytesAsync(Stream source, Stream destination, long count, CancellationToken cancellationToken, IncrementalHash? hash = null)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            while (count > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new InvalidDataException("The image stream from Docker ended inside a file.");
                }

                hash?.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                count -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
