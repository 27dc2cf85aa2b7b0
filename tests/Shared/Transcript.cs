namespace DokkuDeploy.TestBed.Tests;

/// <summary>One recorded answer of real Dokku 0.38.27: exit code, stdout, stderr.</summary>
public sealed record Transcript(string Name, int ExitCode, string StandardOutput, string StandardError)
{
    public IReadOnlyList<string> StandardOutputLines => DokkuDeploy.Testing.ProcessResult.SplitLines(StandardOutput);
    public IReadOnlyList<string> StandardErrorLines => DokkuDeploy.Testing.ProcessResult.SplitLines(StandardError);

    /// <summary>
    /// Reads Transcripts/NAME. `# exit:` / `## stdout` / `## stderr` sections; files named
    /// *.stdout.txt or *.stderr.txt hold one stream of a successful command.
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
}
