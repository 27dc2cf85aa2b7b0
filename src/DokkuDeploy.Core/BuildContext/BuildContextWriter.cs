using System.Formats.Tar;
using System.Security.Cryptography;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.BuildContext;

/// <summary>
/// Writes build context entries as a tar that is byte-identical for the same input on any machine and
/// in any process: entries sorted by path, missing parent directories added, owner 0:0 without names,
/// modes normalised, times derived from content (<see cref="ContentTimestamp"/>). GNU format, because
/// .NET names PAX extended headers after the process id and ustar cannot hold long paths.
/// </summary>
public sealed class BuildContextWriter
{
    private const UnixFileMode RegularMode = (UnixFileMode)0b110_100_100; // 0644
    private const UnixFileMode ExecutableMode = (UnixFileMode)0b111_101_101; // 0755
    private const UnixFileMode SymlinkMode = (UnixFileMode)0b111_111_111; // 0777
    private const int BufferSize = 81920;

    /// <summary>Writes the tar to <paramref name="output"/>, which stays open.</summary>
    public async Task<ContextSummary> WriteAsync(IEnumerable<ContextFile> files, Stream output, CancellationToken ct)
    {
        var entries = Normalize(files);
        int fileCount = 0, directoryCount = 0, symlinkCount = 0;
        long totalBytes = 0;

        using var hashing = new HashingWriteStream(output);
        await using (var tar = new TarWriter(hashing, TarEntryFormat.Gnu, leaveOpen: true))
        {
            foreach (var file in entries)
            {
                ct.ThrowIfCancellationRequested();
                switch (file.Kind)
                {
                    case ContextFileKind.Directory:
                        var mode = file.Mode is { } kept ? (UnixFileMode)kept : ExecutableMode;
                        await tar.WriteEntryAsync(NewEntry(TarEntryType.Directory, file.Path + "/", mode, ContentTimestamp.WindowStart), ct).ConfigureAwait(false);
                        directoryCount++;
                        break;
                    case ContextFileKind.Symlink:
                        var link = NewEntry(TarEntryType.SymbolicLink, file.Path, SymlinkMode, ContentTimestamp.WindowStart);
                        link.LinkName = file.LinkTarget ?? throw DeployErrors.InvalidContextPath(file.Path, "a symlink needs a target");
                        await tar.WriteEntryAsync(link, ct).ConfigureAwait(false);
                        symlinkCount++;
                        break;
                    default:
                        totalBytes += await WriteFileAsync(tar, file, ct).ConfigureAwait(false);
                        fileCount++;
                        break;
                }
            }
        }

        if (entries.Count == 0)
        {
            // TarWriter writes the end-of-archive blocks only after an entry; an empty tar still needs them.
            await hashing.WriteAsync(new byte[1024], ct).ConfigureAwait(false);
        }

        await hashing.FlushAsync(ct).ConfigureAwait(false);
        return new ContextSummary(fileCount, directoryCount, symlinkCount, totalBytes, hashing.BytesWritten, hashing.HexDigest());
    }

    private static async Task<long> WriteFileAsync(TarWriter tar, ContextFile file, CancellationToken ct)
    {
        if (file.SourcePath is null)
        {
            var content = file.Content ?? [];
            var generated = NewEntry(TarEntryType.RegularFile, file.Path, ModeOf(file, file.Executable), ContentTimestamp.FromSha256(SHA256.HashData(content)));
            generated.DataStream = new MemoryStream(content, writable: false);
            await tar.WriteEntryAsync(generated, ct).ConfigureAwait(false);
            return content.Length;
        }

        try
        {
            await using var stream = ContextPaths.OpenVerified(file.SourcePath, file.Identity);
            var executable = file.Mode is null && (file.Executable || HasExecuteBit(stream));

            // Read twice: once for the time in the header, which comes before the data, once to copy it.
            var (sha256, length) = await HashAsync(stream, ct).ConfigureAwait(false);
            stream.Position = 0;
            var entry = NewEntry(TarEntryType.RegularFile, file.Path, ModeOf(file, executable), ContentTimestamp.FromSha256(sha256));
            entry.DataStream = new SourceFileStream(stream, length);
            await tar.WriteEntryAsync(entry, ct).ConfigureAwait(false);
            return length;
        }
        catch (SourceReadException e)
        {
            throw DeployErrors.ContextFileUnreadable(file.SourcePath, e.InnerException);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw DeployErrors.ContextFileUnreadable(file.SourcePath, e);
        }
        catch (IOException e) when (e.GetType() == typeof(IOException) && !File.Exists(file.SourcePath))
        {
            throw DeployErrors.ContextFileUnreadable(file.SourcePath, e);
        }
    }

    private static UnixFileMode ModeOf(ContextFile file, bool executable) =>
        file.Mode is { } kept ? (UnixFileMode)kept : executable ? ExecutableMode : RegularMode;

    private static async Task<(byte[] Sha256, long Length)> HashAsync(FileStream stream, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize);
        long length = 0;
        int read;
        try
        {
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), ct).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                length += read;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SourceReadException(e);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return (hash.GetHashAndReset(), length);
    }

    private static bool HasExecuteBit(FileStream stream)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(stream.SafeFileHandle) & anyExecute) != 0;
    }

    private static GnuTarEntry NewEntry(TarEntryType type, string name, UnixFileMode mode, DateTimeOffset time) => new(type, name)
    {
        Mode = mode,
        Uid = 0,
        Gid = 0,
        UserName = "",
        GroupName = "",
        ModificationTime = time,
        AccessTime = time,
        ChangeTime = time,
    };

    // Sorted by path, duplicates refused, every parent directory present.
    private static List<ContextFile> Normalize(IEnumerable<ContextFile> files)
    {
        var byPath = new Dictionary<string, ContextFile>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var path = CheckPath(file.Path);
            Add(byPath, file.Path == path ? file : file.WithPath(path));
            for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
            {
                var parent = path[..slash];
                if (byPath.TryGetValue(parent, out var existing))
                {
                    if (existing.Kind != ContextFileKind.Directory)
                    {
                        throw DeployErrors.DuplicateContextPath(parent);
                    }

                    break; // its own parents were added with it
                }

                byPath.Add(parent, ContextFile.ForDirectory(parent));
            }
        }

        var sorted = byPath.Values.ToList();
        sorted.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return sorted;
    }

    private static void Add(Dictionary<string, ContextFile> byPath, ContextFile file)
    {
        if (byPath.TryGetValue(file.Path, out var existing))
        {
            if (existing.Kind == ContextFileKind.Directory && file.Kind == ContextFileKind.Directory)
            {
                return;
            }

            throw DeployErrors.DuplicateContextPath(file.Path);
        }

        byPath.Add(file.Path, file);
    }

    private static string CheckPath(string path)
    {
        var trimmed = path.EndsWith('/') ? path.TrimEnd('/') : path;
        if (trimmed.Length == 0)
        {
            throw DeployErrors.InvalidContextPath(path, "it is empty");
        }

        if (trimmed[0] == '/')
        {
            throw DeployErrors.InvalidContextPath(path, "it is absolute");
        }

        if (trimmed.Contains('\0'))
        {
            throw DeployErrors.InvalidContextPath(path, "it contains a NUL character");
        }

        foreach (var segment in trimmed.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                throw DeployErrors.InvalidContextPath(path, $"it contains a \"{segment}\" segment");
            }
        }

        return trimmed;
    }
}
