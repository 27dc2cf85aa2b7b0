using System.Runtime.InteropServices;

namespace DokkuDeploy.Core.BuildContext;

/// <summary>
/// The type, permission bits (setuid, setgid and sticky included) and identity (device and inode, Unix only)
/// of a path without following a symlink (lstat), or of an open file (fstat).
/// </summary>
internal readonly record struct FileStatus(FileStatusKind Kind, int Permissions, FileIdentity? Identity = null)
{
    public bool AnyExecuteBit => (Permissions & 0b001_001_001) != 0;

    /// <summary>What an open file is; null on Windows.</summary>
    public static FileStatus? Of(Microsoft.Win32.SafeHandles.SafeFileHandle handle) =>
        OperatingSystem.IsWindows() ? null : UnixLStat.Status(handle);

    /// <summary>Null when the path does not exist (any more).</summary>
    /// <exception cref="IOException">lstat failed for another reason, e.g. the path is longer than PATH_MAX.</exception>
    public static FileStatus? Of(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            return UnixLStat.Status(path);
        }

        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path))
        {
            return null;
        }

        if (info.LinkTarget is not null)
        {
            return new FileStatus(FileStatusKind.Symlink, 0x1FF);
        }

        return info.Attributes.HasFlag(FileAttributes.Directory)
            ? new FileStatus(FileStatusKind.Directory, 0x1ED)
            : new FileStatus(FileStatusKind.RegularFile, 0x1A4);
    }

    // .NET has no public API that tells a FIFO, socket or device from a regular file, and opening a FIFO
    // to find out would block. The runtime's own shim (what System.Formats.Tar uses) reports lstat's mode
    // in a portable layout: int32 flags, then int32 mode with the classic S_IF* values, on every Unix.
    private static class UnixLStat
    {
        private const int TypeMask = 0xF000;

        public static FileStatus? Status(string path)
        {
            var buffer = new byte[512]; // the shim's FileStatus is about 120 bytes; room to grow
            return LStat(path, buffer) != 0 ? Failed() : Decode(buffer);
        }

        public static FileStatus? Status(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
        {
            var buffer = new byte[512];
            return FStat(handle, buffer) != 0 ? Failed() : Decode(buffer);
        }

        // Gone (ENOENT, ENOTDIR: 2 and 20 on Linux and macOS) is not an error; anything else, such as a
        // path longer than PATH_MAX, is: treating it as gone would cut the context short without a word.
        private static FileStatus? Failed()
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is 2 or 20 ? null : throw new IOException($"{new System.ComponentModel.Win32Exception(errno).Message} (errno {errno})");
        }

        // The shim's layout: Flags, Mode, Uid, Gid (int32), then int64 Size, 4 times (time, nanoseconds), Dev, RDev, Ino.
        private static FileStatus Decode(byte[] buffer)
        {
            var mode = BitConverter.ToInt32(buffer, 4);
            var kind = (mode & TypeMask) switch
            {
                0x8000 => FileStatusKind.RegularFile,
                0x4000 => FileStatusKind.Directory,
                0xA000 => FileStatusKind.Symlink,
                0x1000 => FileStatusKind.Fifo,
                0xC000 => FileStatusKind.Socket,
                0x2000 or 0x6000 => FileStatusKind.Device,
                _ => FileStatusKind.Other,
            };
            return new FileStatus(kind, mode & 0xFFF, new FileIdentity(BitConverter.ToInt64(buffer, 88), BitConverter.ToInt64(buffer, 104)));
        }

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
        private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] byte[] status);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_FStat", SetLastError = true)]
        private static extern int FStat(Microsoft.Win32.SafeHandles.SafeFileHandle handle, [Out] byte[] status);
    }
}

/// <summary>Which file a path or a handle is: the same device and inode is the same file.</summary>
internal readonly record struct FileIdentity(long Device, long Inode);

internal enum FileStatusKind
{
    RegularFile,
    Directory,
    Symlink,
    Fifo,
    Socket,
    Device,
    Other,
}
