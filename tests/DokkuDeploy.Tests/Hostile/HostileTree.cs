using System.Diagnostics;
using System.Formats.Tar;
using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Tests.BuildContext;

namespace DokkuDeploy.Tests.Hostile;

/// <summary>Walks a context and writes its tar the way a deploy does, and runs the shell tools that make hostile files.</summary>
internal static class HostileTree
{
    public static (List<ContextFile> Entries, ContextTestLog Log) Walk(string root, string ignore = "")
    {
        var log = new ContextTestLog();
        return (ContextDirectory.Enumerate(root, DockerIgnore.Parse(ignore), log).ToList(), log);
    }

    public static async Task<byte[]> TarAsync(IEnumerable<ContextFile> entries)
    {
        using var output = new MemoryStream();
        await new BuildContextWriter().WriteAsync(entries, output, CancellationToken.None);
        return output.ToArray();
    }

    public static List<TarEntry> Read(byte[] tar)
    {
        var entries = new List<TarEntry>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            entries.Add(entry);
        }

        return entries;
    }

    /// <summary>Runs a program; returns its exit code and stderr instead of failing, for tools that need privileges.</summary>
    public static (int ExitCode, string Error) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }

    /// <summary>Runs a shell snippet in <paramref name="directory"/> and fails the test when it fails.</summary>
    public static void Shell(string directory, string script)
    {
        var (code, error) = Run("sh", "-c", $"cd \"$1\" && {script}", "sh", directory);
        Assert.That(code, Is.Zero, error);
    }
}
