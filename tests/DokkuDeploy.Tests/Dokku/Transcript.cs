using System.Reflection;
using System.Runtime.CompilerServices;

namespace DokkuDeploy.Tests.Dokku;

/// <summary>
/// One recorded answer of a real Dokku 0.38.27: stdout and stderr lines and the exit code. Files with a
/// "# exit:" header hold both streams; "*.stdout.txt" / "*.stderr.txt" files hold one stream of a successful run.
/// Read from the embedded resource when the project embeds Transcripts/*.txt, else from beside this source file.
/// </summary>
public sealed record Transcript(string Name, int ExitCode, IReadOnlyList<string> Stdout, IReadOnlyList<string> Stderr)
{
    public static Transcript Load(string fileName)
    {
        var text = ReadText(fileName);
        var lines = SplitLines(text);
        if (fileName.EndsWith(".stdout.txt", StringComparison.Ordinal))
        {
            return new Transcript(fileName, 0, lines, Array.Empty<string>());
        }

        if (fileName.EndsWith(".stderr.txt", StringComparison.Ordinal))
        {
            return new Transcript(fileName, 0, Array.Empty<string>(), lines);
        }

        var exit = int.Parse(lines.First(l => l.StartsWith("# exit:", StringComparison.Ordinal)).Substring("# exit:".Length).Trim());
        var stdout = new List<string>();
        var stderr = new List<string>();
        List<string>? current = null;
        foreach (var line in lines)
        {
            if (line == "## stdout")
            {
                current = stdout;
                continue;
            }

            if (line.EndsWith("## stderr", StringComparison.Ordinal))
            {
                // A prompt without a newline ("> ") sits on the marker line: it belongs to stdout.
                var partial = line.Substring(0, line.Length - "## stderr".Length);
                if (partial.Length > 0)
                {
                    stdout.Add(partial);
                }

                current = stderr;
                continue;
            }

            current?.Add(line);
        }

        return new Transcript(fileName, exit, stdout, stderr);
    }

    public IEnumerable<string> AllLines => Stdout.Concat(Stderr);

    private static List<string> SplitLines(string text)
    {
        var lines = text.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    private static string ReadText(string fileName)
    {
        var assembly = typeof(Transcript).Assembly;
        var resource = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith("." + fileName, StringComparison.Ordinal));
        if (resource is not null)
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        return File.ReadAllText(Path.Combine(SourceDirectory(), "Transcripts", fileName));
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
