using System.Text.RegularExpressions;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>
/// Makes deploy output comparable across runs and servers: names, container ids, ports and
/// timestamps become placeholders; the docker build of the image is left out (the stand-in skips
/// Dokku's label layer, and build step ids differ on every engine).
/// </summary>
public static partial class DeployOutput
{
    const string RemotePrefix = "remote: ";

    public static IReadOnlyList<string> Normalize(IEnumerable<string> lines, string app, string? image = null, bool dropContainerOutput = false)
    {
        var result = new List<string>();
        var inBuild = false;
        var inContainerOutput = false;
        foreach (var raw in lines)
        {
            var line = raw;
            if (image is not null)
                line = line.Replace(image, "<image>", StringComparison.Ordinal);
            line = line.Replace(app, "<app>", StringComparison.Ordinal);
            // git push output carries the sideband prefix; the structure is the same.
            var body = line.StartsWith(RemotePrefix, StringComparison.Ordinal) ? line[RemotePrefix.Length..] : line;

            if (body.StartsWith("-----> Building <app> from Dockerfile", StringComparison.Ordinal))
            {
                result.Add(line);
                inBuild = true;
                continue;
            }
            if (inBuild && body.StartsWith("-----> Releasing", StringComparison.Ordinal))
                inBuild = false;
            if (inBuild)
                continue;
            // Dokku's git bookkeeping when it commits a new image into the app's repo.
            if (body.StartsWith("From /", StringComparison.Ordinal) || GitFetchLine().IsMatch(body))
                continue;

            if (body.StartsWith("=====> End of <app> container output", StringComparison.Ordinal))
                inContainerOutput = false;
            if (inContainerOutput && dropContainerOutput)
                continue;
            if (body.StartsWith("=====> Start of <app> container output", StringComparison.Ordinal))
                inContainerOutput = true;

            line = ContainerId().Replace(line, "<id>");
            line = Upcoming().Replace(line, "upcoming-<n>");
            line = RetiredName().Replace(line, "web.1.<time>");
            line = Url().Replace(line, "<url>");
            result.Add(line);
        }
        return result;
    }

    /// <summary>
    /// git's stderr as lines: `remote: ` sideband lines split on \r and \n, trailing blanks (git's
    /// erase padding) trimmed, empty `remote:` lines dropped.
    /// </summary>
    public static IReadOnlyList<string> GitStderrLines(string stderr) =>
        stderr.Split(['\r', '\n'])
            .Select(line => line.TrimEnd())
            .Where(line => line.Length > 0 && line != "remote:")
            .ToList();

    /// <summary>The URL the deploy printed under `=====> Application deployed:`.</summary>
    public static Uri DeployedUrl(IEnumerable<string> lines)
    {
        var list = lines.Select(line => line.StartsWith(RemotePrefix, StringComparison.Ordinal) ? line[RemotePrefix.Length..] : line).ToList();
        var header = list.FindLastIndex(line => line.StartsWith("=====> Application deployed:", StringComparison.Ordinal));
        if (header < 0 || header + 1 >= list.Count)
            throw new InvalidOperationException("no `=====> Application deployed:` line in:\n" + string.Join('\n', list));
        return new Uri(list[header + 1].Trim());
    }

    [GeneratedRegex(@"\b[0-9a-f]{12}\b")]
    private static partial Regex ContainerId();

    [GeneratedRegex(@"upcoming-\d+")]
    private static partial Regex Upcoming();

    [GeneratedRegex(@"web\.1\.\d{9,}")]
    private static partial Regex RetiredName();

    [GeneratedRegex(@"http://[^\s]+")]
    private static partial Regex Url();

    [GeneratedRegex(@"^\s+[0-9a-f]{7,}\.\.[0-9a-f]{7,}\s")]
    private static partial Regex GitFetchLine();
}
