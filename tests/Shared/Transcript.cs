namespace DokkuDeploy.Testing;

/// <summary>
/// One answer of Dokku, kept once in tests/Shared/Transcripts for the unit tests (the client reads it) and
/// the test bed (the stand-in must print it): exit code, stdout, stderr. Recorded from a real Dokku 0.38.27,
/// or, named *.synthesized.txt, written from Dokku's source for commands no recording covers.
/// </summary>
public sealed record Transcript(string Name, int ExitCode, string StandardOutput, string StandardError)
{
    public IReadOnlyList<string> StandardOutputLines => ProcessResult.SplitLines(StandardOutput);

    public IReadOnlyList<string> StandardErrorLines => ProcessResult.SplitLines(StandardError);

    public IEnumerable<string> AllLines => StandardOutputLines.Concat(StandardErrorLines);

    /// <summary>The name of every transcript there is.</summary>
    public static IReadOnlyList<string> Names() =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Transcripts"), "*.txt")
            .Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Reads Transcripts/NAME (copied beside the test assembly). `# exit:` / `## stdout` / `## stderr`
    /// sections; files named *.stdout.txt or *.stderr.txt hold one stream of a successful command.
    /// </summary>
    public static Transcript Load(string name)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Transcripts", name));
        if (name.EndsWith(".stdout.txt", StringComparison.Ordinal))
            return new Transcript(name, 0, text, "");
        if (name.EndsWith(".stderr.txt", StringComparison.Ordinal))
            return new Transcript(name, 0, "", text);

        const string exitMarker = "# exit: ", stdoutMarker = "## stdout\n", stderrMarker = "## stderr\n";
        var exitAt = text.IndexOf(exitMarker, StringComparison.Ordinal);
        var exitEnd = text.IndexOf('\n', exitAt);
        var exitCode = int.Parse(text[(exitAt + exitMarker.Length)..exitEnd], System.Globalization.CultureInfo.InvariantCulture);
        var stdoutAt = text.IndexOf(stdoutMarker, StringComparison.Ordinal) + stdoutMarker.Length;
        // stdout may end without a newline (a prompt), so the stderr marker can share its line.
        var stderrAt = text.LastIndexOf("## stderr", StringComparison.Ordinal);
        var stdout = text[stdoutAt..stderrAt];
        var stderr = stderrAt + stderrMarker.Length <= text.Length ? text[(stderrAt + stderrMarker.Length)..] : "";
        return new Transcript(name, exitCode, stdout, stderr);
    }

    /// <summary>An answer made in a test: each line ends with a newline, as a program prints it.</summary>
    public static Transcript Of(string name, int exitCode, IEnumerable<string> stdout, IEnumerable<string> stderr) =>
        new(name, exitCode, Text(stdout), Text(stderr));

    /// <summary>This answer with more lines after its own, as a server might print them.</summary>
    public Transcript WithMoreLines(IEnumerable<string>? stdout = null, IEnumerable<string>? stderr = null) => this with
    {
        StandardOutput = Text(StandardOutputLines.Concat(stdout ?? [])),
        StandardError = Text(StandardErrorLines.Concat(stderr ?? [])),
    };

    static string Text(IEnumerable<string> lines) => string.Concat(lines.Select(line => line + "\n"));
}
