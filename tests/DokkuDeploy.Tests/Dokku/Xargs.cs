using System.Diagnostics;
using System.Text;

namespace DokkuDeploy.Tests.Dokku;

/// <summary>
/// Splits a command line the way Dokku does for non-git commands: the real GNU xargs, fed the line plus the
/// newline a bash here-string adds, printing each argument NUL-terminated.
/// </summary>
public static class Xargs
{
    public static bool IsAvailable => File.Exists("/usr/bin/xargs") && File.Exists("/usr/bin/printf");

    public static IReadOnlyList<string> Split(string line)
    {
        var start = new ProcessStartInfo("/usr/bin/xargs")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        start.ArgumentList.Add("/usr/bin/printf");
        start.ArgumentList.Add("%s\\0");
        start.Environment["LC_ALL"] = "C.UTF-8";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(line + "\n");
        process.StandardInput.Close();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"xargs exited {process.ExitCode}: {stderr.Result}");
        }

        var parts = stdout.Result.Split('\0').ToList();
        parts.RemoveAt(parts.Count - 1);
        return parts;
    }
}
