using System.Text.RegularExpressions;

namespace DokkuDeploy.Tests.Errors;

/// <summary>Every code the product reports has a help page in docs/errors, and every page follows the template.</summary>
public sealed class ErrorPagesTests
{
    static readonly IReadOnlyList<ErrorPage> Pages = ErrorPage.All();

    static readonly ISet<string> PageCodes = Pages.Select(p => p.Code).ToHashSet(StringComparer.Ordinal);

    [Test]
    public void There_are_pages() => Assert.That(Pages, Has.Count.GreaterThan(50));

    [Test]
    public void Every_code_a_factory_raises_has_a_page()
    {
        var missing = ErrorCodeInventory.FactoryCodes().Where(f => !PageCodes.Contains(f.Value))
            .Select(f => $"{f.Value} (DeployErrors.{f.Key})");
        Assert.That(missing, Is.Empty, "write docs/errors/CODE.md (template: docs/errors/README.md)");
    }

    [Test]
    public void Every_code_named_in_the_source_has_a_page()
    {
        var missing = ErrorCodeInventory.SourceCodes().Concat(ErrorCodeInventory.ConstantCodes().Select(c => KeyValuePair.Create(c, "DeployErrors")))
            .Where(c => !PageCodes.Contains(c.Key))
            .Select(c => $"{c.Key} ({c.Value})").Distinct();
        Assert.That(missing, Is.Empty, "write docs/errors/CODE.md (template: docs/errors/README.md)");
    }

    [Test]
    public void Every_page_is_for_a_code_that_exists()
    {
        var codes = ErrorCodeInventory.AllCodes();
        Assert.That(Pages.Select(p => p.Code).Where(c => !codes.Contains(c)), Is.Empty, "a page for a code that nothing in src/ reports");
    }

    [Test]
    public void The_folder_holds_only_the_index_and_code_pages()
    {
        // Everything here is packed: a stray file would ship in the package.
        var names = Directory.GetFiles(ErrorCodeInventory.PagesDirectory).Select(Path.GetFileName);
        Assert.That(names.Where(n => n != "README.md" && !Regex.IsMatch(n!, "^DOKKU[0-9]{4}\\.md$")), Is.Empty);
    }

    [TestCaseSource(nameof(PageNames))]
    public void A_page_has_the_title_and_the_four_sections_of_the_template(string fileName)
    {
        var page = Pages.Single(p => p.FileName == fileName);
        Assert.That(page.HeadingCode, Is.EqualTo(page.Code), "the first line must be \"# DOKKUnnnn: title\", with the file's own code");
        Assert.That(page.Title, Is.Not.Empty);
        Assert.That(page.Sections.Select(s => s.Heading), Is.EqualTo(ErrorPage.RequiredSections), "sections, in this order");
        foreach (var (heading, body) in page.Sections)
        {
            Assert.That(body, Is.Not.Empty, $"section '{heading}' is empty");
        }
    }

    [TestCaseSource(nameof(PageNames))]
    public void A_page_example_shows_the_coded_line_with_its_help_link(string fileName)
    {
        var page = Pages.Single(p => p.FileName == fileName);
        var example = page.Sections.FirstOrDefault(s => s.Heading == "Example").Body ?? "";
        Assert.That(example, Does.Match($@"(error|warning) {page.Code}: "), "a line of dotnet publish -t:DokkuDeploy output with this code");
        Assert.That(example, Does.Contain($"Help: ").And.Contain($"/docs/errors/{page.Code}.md"));
    }

    [Test]
    public void The_index_lists_every_page_with_its_title()
    {
        var index = File.ReadAllText(Path.Combine(ErrorCodeInventory.PagesDirectory, "README.md"));
        var rows = Regex.Matches(index, @"^\| (?<code>DOKKU[0-9]{4}) \| (?<kind>error|warning) \| (?<title>[^|]+) \| \[(?<link>[^\]]+)\]\((?<target>[^)]+)\) \|$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups["code"].Value);
        foreach (var page in Pages)
        {
            Assert.That(rows.ContainsKey(page.Code), $"docs/errors/README.md has no row for {page.Code}: | {page.Code} | error | {page.Title} | [{page.FileName}]({page.FileName}) |");
            var row = rows[page.Code];
            Assert.That(row.Groups["title"].Value.Trim(), Is.EqualTo(page.Title), $"{page.Code}: the index and the page disagree on the title");
            Assert.That(row.Groups["target"].Value, Is.EqualTo(page.FileName));
        }

        Assert.That(rows.Keys.Where(c => !PageCodes.Contains(c)), Is.Empty, "index rows without a page");
    }

    static IEnumerable<string> PageNames() => ErrorPage.All().Select(p => p.FileName);
}
