using System.Text.RegularExpressions;

namespace DokkuDeploy.Tests.Errors;

/// <summary>One docs/errors/DOKKUnnnn.md help page, read into its title and sections.</summary>
sealed partial record ErrorPage(string FileName, string Code, string? HeadingCode, string? Title, IReadOnlyList<(string Heading, string Body)> Sections)
{
    public static readonly string[] RequiredSections = ["What happened", "Why", "How to fix", "Example"];

    public static IReadOnlyList<ErrorPage> All() =>
        Directory.GetFiles(ErrorCodeInventory.PagesDirectory, "DOKKU*.md").Order(StringComparer.Ordinal).Select(Read).ToList();

    public static ErrorPage Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var heading = lines.Length > 0 ? TitleLine().Match(lines[0]) : Match.Empty;
        var sections = new List<(string, string)>();
        string? current = null;
        var body = new List<string>();
        var inFence = false;
        foreach (var line in lines.Skip(1))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }

            if (!inFence && line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    sections.Add((current, string.Join("\n", body).Trim()));
                }

                current = line[3..].Trim();
                body.Clear();
            }
            else
            {
                body.Add(line);
            }
        }

        if (current is not null)
        {
            sections.Add((current, string.Join("\n", body).Trim()));
        }

        var fileName = Path.GetFileName(path);
        return new ErrorPage(
            fileName,
            Path.GetFileNameWithoutExtension(fileName),
            heading.Success ? heading.Groups["code"].Value : null,
            heading.Success ? heading.Groups["title"].Value.Trim() : null,
            sections);
    }

    [GeneratedRegex(@"^# (?<code>DOKKU[0-9]{4}): (?<title>\S.*)$")]
    private static partial Regex TitleLine();
}
