using System.Diagnostics;
using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Core.Logging;

// Usage:
//   ContextMemory generate DIR TOTAL_MB FILES   writes a tree of FILES sparse files totalling TOTAL_MB MiB
//   ContextMemory empty DIR                     does nothing: the process's own baseline
//   ContextMemory enumerate DIR                 lists the context (ContextDirectory.Enumerate) into memory
//   ContextMemory pack DIR                      writes the context tar (BuildContextWriter) to Stream.Null
// Every mode ends with one line "peak_rss_kb=N elapsed_s=S ..." read from /proc/self/status (VmHWM).
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: ContextMemory generate|empty|enumerate|pack DIR [TOTAL_MB FILES]");
    return 2;
}

var mode = args[0];
var dir = args[1];
var clock = Stopwatch.StartNew();
string extra;
switch (mode)
{
    case "generate":
        extra = ContextTree.Generate(dir, long.Parse(args[2]) * 1024 * 1024, int.Parse(args[3]));
        break;
    case "empty":
        extra = "";
        break;
    case "enumerate":
        var listed = ContextDirectory.Enumerate(dir, DockerIgnore.Empty, new SilentLog()).ToList();
        extra = $"entries={listed.Count}";
        break;
    case "pack":
        var summary = await new BuildContextWriter().WriteAsync(
            ContextDirectory.Enumerate(dir, DockerIgnore.Empty, new SilentLog()), Stream.Null, CancellationToken.None);
        extra = $"files={summary.FileCount} content_bytes={summary.TotalBytes} tar_bytes={summary.TarBytes}";
        break;
    default:
        Console.Error.WriteLine($"unknown mode {mode}");
        return 2;
}

Console.WriteLine($"peak_rss_kb={PeakRss.Kilobytes()} elapsed_s={clock.Elapsed.TotalSeconds:F1} {extra}".TrimEnd());
return 0;

sealed class SilentLog : IDeployLog
{
    public void Step(string message) { }

    public void Detail(string message) { }

    public void Warning(string code, string message) => Console.Error.WriteLine($"warning {code}: {message}");
}

static class PeakRss
{
    public static long Kilobytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]);
    }
}

/// <summary>
/// A tree shaped like a big repository: 100 files per directory, two levels deep, mostly small files and a
/// few large ones. Files are sparse (a short distinct header, then a hole), so 2 GB costs no disk and
/// little time, while the writer still reads and hashes every byte.
/// </summary>
static class ContextTree
{
    public static string Generate(string root, long totalBytes, int fileCount)
    {
        var random = new Random(4);
        var sizes = new long[fileCount];
        var large = Math.Max(1, fileCount / 1000);
        long small = 0;
        for (var i = large; i < fileCount; i++)
        {
            sizes[i] = random.Next(64, 16 * 1024);
            small += sizes[i];
        }

        var rest = Math.Max(0, totalBytes - small);
        for (var i = 0; i < large; i++)
        {
            sizes[i] = rest / large + (i == 0 ? rest % large : 0);
        }

        var header = new byte[64];
        for (var i = 0; i < fileCount; i++)
        {
            var directory = Path.Combine(root, $"d{i / 10000:D2}", $"s{i / 100 % 100:D2}");
            Directory.CreateDirectory(directory);
            using var file = new FileStream(Path.Combine(directory, $"f{i:D6}.bin"), FileMode.Create, FileAccess.Write);
            random.NextBytes(header);
            file.Write(header, 0, (int)Math.Min(header.Length, sizes[i]));
            file.SetLength(sizes[i]);
        }

        return $"files={fileCount} bytes={sizes.Sum()}";
    }
}
