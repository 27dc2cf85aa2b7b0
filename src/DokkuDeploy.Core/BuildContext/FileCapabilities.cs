using System.Runtime.InteropServices;

namespace DokkuDeploy.Core.BuildContext;

/// <summary>
/// Whether a file carries Linux file capabilities (the security.capability extended attribute that setcap
/// writes). The docker CLI sends that one attribute; DokkuDeploy's tar carries none, and says so.
/// </summary>
internal static class FileCapabilities
{
    private const string Attribute = "security.capability";

    public static bool Present(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return LGetXAttr(path, Attribute, IntPtr.Zero, 0) > 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // no C library to ask (not glibc or musl): nothing to report
        }
    }

    // Size only (no buffer): -1 with ENODATA when the file has no capabilities, as nearly none have.
    [DllImport("libc", EntryPoint = "lgetxattr", SetLastError = true)]
    private static extern nint LGetXAttr([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, IntPtr value, nint size);
}
