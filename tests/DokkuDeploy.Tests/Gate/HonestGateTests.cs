using System.Text.RegularExpressions;
using DokkuDeploy.Tests.Errors;

namespace DokkuDeploy.Tests.Gate;

/// <summary>
/// What keeps a green run honest: no test can quietly not run, and no document vouches for a test
/// that does not exist.
/// </summary>
public partial class HonestGateTests
{
    static string Root => ErrorCodeInventory.RepositoryRoot;

    [Test]
    public void Every_test_that_cannot_run_here_says_so_through_Prerequisite_which_fails_under_CI()
    {
        var skips = TestSources()
            .Where(file => Path.GetFileName(file) is not ("Prerequisite.cs" or "HonestGateTests.cs"))
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            .Where(at => SkipCall().IsMatch(at.line))
            .Select(at => $"{Path.GetRelativePath(Root, at.file)}:{at.number}: {at.line.Trim()}");

        Assert.That(skips, Is.Empty,
            "Skip through Prerequisite.Require/Missing instead: it fails under CI=true, where a test that did not run proves nothing.");
    }

    [Test]
    public void Every_test_the_documents_and_scripts_cite_exists()
    {
        var sources = TestSources().Select(file => (file, text: File.ReadAllText(file))).ToList();
        var cited = CitingFiles()
            .SelectMany(file => CitedTest().Matches(File.ReadAllText(file)).Select(match => (file, match)))
            .ToList();
        Assert.That(cited, Is.Not.Empty, "the README cites tests as evidence; none found means this test reads the wrong files");

        var missing = new List<string>();
        foreach (var (file, match) in cited)
        {
            var className = match.Groups["class"].Value;
            var declaring = sources.Where(source => Regex.IsMatch(source.text, $@"\bclass {className}\b")).ToList();
            var method = match.Groups["method"];
            var where = Path.GetRelativePath(Root, file);
            if (declaring.Count == 0)
                missing.Add($"{where}: {match.Value} (no class {className} under tests/)");
            else if (method.Success && method.Value != "cs"
                     && !declaring.Any(source => Regex.IsMatch(source.text, $@"\b{method.Value}\s*\(")))
                missing.Add($"{where}: {match.Value} (class {className} has no test {method.Value})");
        }

        Assert.That(missing, Is.Empty, "Fix the citation, or bring the test back.");
    }

    static IEnumerable<string> TestSources() =>
        Directory.EnumerateFiles(Path.Combine(Root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                           && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));

    static IEnumerable<string> CitingFiles() =>
        new[] { "README.md", "tests/testbed/README.md", "bench/README.md", "tests/fresh-machine/run.sh", ".ci/run" }
            .Select(path => Path.Combine(Root, path))
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories))
            .Where(File.Exists);

    [GeneratedRegex(@"\b(Assert\.Ignore|Assert\.Inconclusive|Assume\.That|Warn\.If|Warn\.Unless)\s*\(|\[Ignore\b")]
    private static partial Regex SkipCall();

    [GeneratedRegex(@"\b(?<class>[A-Z]\w*Tests)(?:\.(?<method>[A-Za-z_]\w*))?\b")]
    private static partial Regex CitedTest();
}
