using System.Runtime.InteropServices;
using System.Text;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// The directory every parity case filters. The basic tree holds ordinary files, empty directories and
/// links inside the tree; the full one adds what Docker and DokkuDeploy treat differently on purpose or
/// could get wrong: names that exercise RE2 classes, file modes, links leaving the tree, a FIFO, names
/// that are not UTF-8 and a file with capabilities.
/// </summary>
static class DockerIgnoreParityTree
{
    /// <summary>Names that \d \w \s \b, POSIX classes, \pL and characters outside the BMP tell apart.</summary>
    public static readonly string[] RegexFiles =
    [
        "re/1.txt", "re/\u0663.txt", "re/a1.txt", "re/a\u0663.txt", "re/x_y.txt", "re/x\u00e9y.txt", "re/a b.txt", "re/a\tb.txt",
        "re/a\u00a0b.txt", "re/a\u000bb.txt", "re/a\u2003b.txt", "re/\u00e9.txt", "re/\u00e9x", "re/x\u00e9", "re/_x", "re/Ab.c",
        "re/\U0001F600.txt", "re/a\U0001F600b.txt", "re/\U0001F602.txt", "re/\U0001D49C.txt", "re/\u03a9.txt", "re/\u0416.txt",
        "re/\u65e5.txt", "re/A.txt", "re/Z9", "re/a$", "re/a.b", "re/a\\.b", "re/[^", "re/]", "re/^]", "re/(x)", "re/q.txt", "re/\u00ad.txt",
    ];

    /// <summary>Relative path and mode: the differences umask makes, and the bits Docker keeps.</summary>
    public static readonly (string Path, int Mode)[] Modes =
    [
        ("modes/private", 0b110_000_000), ("modes/group-writable", 0b110_110_100), ("modes/world-writable", 0b110_110_110),
        ("modes/setuid", 0b100_111_101_101), ("modes/setgid", 0b010_111_101_101), ("modes/read-only", 0b100_100_100),
        ("modes/script", 0b111_101_101), ("modes/private-dir/x", 0b110_100_100), ("modes/shared-dir/x", 0b110_100_100),
    ];

    public static readonly (string Path, int Mode)[] DirectoryModes =
    [
        ("modes/private-dir", 0b111_000_000), ("modes/shared-dir", 0b111_111_101), ("modes/sticky", 0b001_111_111_111),
    ];

    /// <summary>Links whose target Docker sends as it is; "{tree}" is replaced by the tree's absolute path.</summary>
    public static readonly (string Path, string Target)[] OutwardLinks =
    [
        ("links/absolute-inside", "{tree}/src/app.cs"), ("links/absolute-outside", "/etc/hostname"),
        ("links/relative-outside", "../../outside.txt"), ("links/dangling", "nowhere"), ("links/dir-inside", "../docs"),
    ];

    /// <summary>File names as bytes that are not UTF-8 (Docker sends them; a portable context cannot).</summary>
    public static readonly byte[][] NonUtf8Names = [[.. "special/bad"u8, 0xFF, .. "name"u8], [.. "special/caf"u8, 0xE9]];

    public const string Fifo = "special/fifo";
    public const string CapabilityFile = "special/cap";

    /// <summary>Writes the tree under <paramref name="root"/>; true for the full tree.</summary>
    public static string Create(string root, bool full)
    {
        IEnumerable<string> files = DockerIgnoreParityCases.Files;
        if (full)
            files = files.Concat(RegexFiles).Concat(Modes.Select(m => m.Path)).Append(CapabilityFile);
        foreach (var file in files)
        {
            var path = Path.Combine(root, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, file == "Dockerfile" ? "FROM scratch\nCOPY . /ctx/\n" : file);
        }

        foreach (var directory in DockerIgnoreParityCases.EmptyDirectories)
            Directory.CreateDirectory(Path.Combine(root, directory));
        foreach (var (link, target) in DockerIgnoreParityCases.Symlinks)
            File.CreateSymbolicLink(Path.Combine(root, link), target);
        if (!full || OperatingSystem.IsWindows())
            return root;

        File.WriteAllText(Path.Combine(root, "..", "outside.txt"), "outside the context");
        Directory.CreateDirectory(Path.Combine(root, "docker"));
        File.WriteAllText(Path.Combine(root, "docker", "Dockerfile.real"), "FROM scratch\nCOPY . /ctx/\n");
        foreach (var (link, target) in OutwardLinks)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, link))!);
            File.CreateSymbolicLink(Path.Combine(root, link), target.Replace("{tree}", root));
        }

        foreach (var (path, mode) in Modes)
            File.SetUnixFileMode(Path.Combine(root, path), (UnixFileMode)mode);
        foreach (var (path, mode) in DirectoryModes)
        {
            Directory.CreateDirectory(Path.Combine(root, path));
            File.SetUnixFileMode(Path.Combine(root, path), (UnixFileMode)mode);
        }

        Check(Native.mkfifo(Path.Combine(root, Fifo), 0b110_100_100), "mkfifo");
        foreach (var name in NonUtf8Names)
        {
            var fd = Native.creat([.. Encoding.UTF8.GetBytes(root + "/"), .. name, 0], 0b110_100_100);
            Check(fd >= 0 ? 0 : -1, "creat");
            Native.close(fd);
        }

        // vfs_cap_data revision 2 granting cap_net_bind_service, as setcap writes it.
        byte[] capability = [1, 0, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        HasCapabilityFile = Native.setxattr(Path.Combine(root, CapabilityFile), "security.capability", capability, capability.Length, 0) == 0;
        return root;
    }

    /// <summary>Deletes trees made under <paramref name="root"/>, whose non-UTF-8 names .NET cannot address.</summary>
    public static void Delete(string root)
    {
        foreach (var tree in Directory.EnumerateDirectories(root, "tree", SearchOption.AllDirectories).ToList())
        {
            foreach (var name in NonUtf8Names)
                Native.unlink([.. Encoding.UTF8.GetBytes(tree + "/"), .. name, 0]);
        }

        Directory.Delete(root, recursive: true);
    }

    /// <summary>False where the file system or the user cannot set file capabilities (the case is then not tried).</summary>
    public static bool HasCapabilityFile { get; private set; }

    static void Check(int result, string call)
    {
        if (result != 0)
            throw new IOException($"{call} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    static class Native
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int mkfifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);

        [DllImport("libc", SetLastError = true)]
        public static extern int creat(byte[] path, int mode);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int unlink(byte[] path);

        [DllImport("libc", SetLastError = true)]
        public static extern int setxattr([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, byte[] value, nint size, int flags);
    }
}
