using NUnit.Framework;
using System.Diagnostics;

namespace DokkuDeploy.Tests.BuildContext;

/// <summary>A temporary directory tree for one test; deleted on dispose.</summary>
internal sealed class TempTree : IDisposable
{
    public TempTree() => Root = Directory.CreateTempSubdirectory("dokku-ctx-").FullName;

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public TempTree File(string relative, string content = "", bool executable = false)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        if (executable && !OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(path, System.IO.File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }

        return this;
    }

    public TempTree Dir(string relative)
    {
        Directory.CreateDirectory(PathOf(relative));
        return this;
    }

    public TempTree Symlink(string relative, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(relative))!);
        System.IO.File.CreateSymbolicLink(PathOf(relative), target);
        return this;
    }

    public TempTree Fifo(string relative) => Run("mkfifo", PathOf(relative));

    /// <summary>Creates a file whose name is the given bytes (not valid UTF-8), via the shell.</summary>
    public TempTree RawNameFile(string octalEscapedName) =>
        Run("sh", "-c", $"touch \"$(printf '{octalEscapedName}')\"", Root);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // .NET cannot name entries whose names are not UTF-8; find can.
            Run("find", Root, "-delete");
        }
    }

    private TempTree Run(string program, params string[] args) => RunIn(program, args, Root);

    private TempTree Run(string program, string a, string b, string workingDirectory) => RunIn(program, [a, b], workingDirectory);

    private TempTree RunIn(string program, string[] args, string workingDirectory)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, process.StandardError.ReadToEnd());
        return this;
    }
}
