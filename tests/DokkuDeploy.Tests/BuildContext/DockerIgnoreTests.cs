using NUnit.Framework;
using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Tests.BuildContext;

// Cases marked "moby" come from moby/patternmatcher's own tests (patternmatcher_test.go,
// ignorefile_test.go), which in turn take many from Go's filepath.Match tests.
public class DockerIgnoreTests
{
    // moby TestMatches: (pattern, path, exact match, match including parent directories).
    private static readonly object[][] MobyMatches =
    [
        ["**", "file", true, true],
        ["**", "file/", true, true],
        ["**/", "file", true, true],
        ["**/", "file/", true, true],
        ["**", "dir/file", true, true],
        ["**/", "dir/file", true, true],
        ["**", "dir/file/", true, true],
        ["**/", "dir/file/", true, true],
        ["**/**", "dir/file", true, true],
        ["**/**", "dir/file/", true, true],
        ["dir/**", "dir/file", true, true],
        ["dir/**", "dir/file/", true, true],
        ["dir/**", "dir/dir2/file", true, true],
        ["dir/**", "dir/dir2/file/", true, true],
        ["**/dir", "dir", true, true],
        ["**/dir", "dir/file", false, true],
        ["**/dir2/*", "dir/dir2/file", true, true],
        ["**/dir2/*", "dir/dir2/file/", false, true],
        ["**/dir2/**", "dir/dir2/dir3/file", true, true],
        ["**/dir2/**", "dir/dir2/dir3/file/", true, true],
        ["**file", "file", true, true],
        ["**file", "dir/file", true, true],
        ["**/file", "dir/file", true, true],
        ["**file", "dir/dir/file", true, true],
        ["**/file", "dir/dir/file", true, true],
        ["**/file*", "dir/dir/file", true, true],
        ["**/file*", "dir/dir/file.txt", true, true],
        ["**/file*txt", "dir/dir/file.txt", true, true],
        ["**/file*.txt", "dir/dir/file.txt", true, true],
        ["**/file*.txt*", "dir/dir/file.txt", true, true],
        ["**/**/*.txt", "dir/dir/file.txt", true, true],
        ["**/**/*.txt2", "dir/dir/file.txt", false, false],
        ["**/*.txt", "file.txt", true, true],
        ["**/**/*.txt", "file.txt", true, true],
        ["a**/*.txt", "a/file.txt", true, true],
        ["a**/*.txt", "a/dir/file.txt", true, true],
        ["a**/*.txt", "a/dir/dir/file.txt", true, true],
        ["a/*.txt", "a/dir/file.txt", false, false],
        ["a/*.txt", "a/file.txt", true, true],
        ["a/*.txt**", "a/file.txt", true, true],
        ["a[b-d]e", "ae", false, false],
        ["a[b-d]e", "ace", true, true],
        ["a[b-d]e", "aae", false, false],
        ["a[^b-d]e", "aze", true, true],
        [".*", ".foo", true, true],
        [".*", "foo", false, false],
        ["abc.def", "abcdef", false, false],
        ["abc.def", "abc.def", true, true],
        ["abc.def", "abcZdef", false, false],
        ["abc?def", "abcZdef", true, true],
        ["abc?def", "abcdef", false, false],
        ["**/foo/bar", "foo/bar", true, true],
        ["**/foo/bar", "dir/foo/bar", true, true],
        ["**/foo/bar", "dir/dir2/foo/bar", true, true],
        ["abc/**", "abc", false, false],
        ["abc/**", "abc/def", true, true],
        ["abc/**", "abc/def/ghi", true, true],
        ["**/.foo", ".foo", true, true],
        ["**/.foo", "bar.foo", false, false],
        ["a(b)c/def", "a(b)c/def", true, true],
        ["a(b)c/def", "a(b)c/xyz", false, false],
        ["a.|)$(}+{bc", "a.|)$(}+{bc", true, true],
        ["dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true, true],
        ["dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true, true],
        ["a\\\\", "a\\", true, true],
        ["a\\*b", "a*b", true, true],
    ];

    // moby TestMatch (Go's filepath.Match table through patternmatcher.Matches): pattern, path, match, valid.
    private static readonly object[][] GoMatch =
    [
        ["abc", "abc", true, true],
        ["*", "abc", true, true],
        ["*c", "abc", true, true],
        ["a*", "a", true, true],
        ["a*", "abc", true, true],
        ["a*", "ab/c", true, true],
        ["a*/b", "abc/b", true, true],
        ["a*/b", "a/c/b", false, true],
        ["a*b*c*d*e*/f", "axbxcxdxe/f", true, true],
        ["a*b*c*d*e*/f", "axbxcxdxexxx/f", true, true],
        ["a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false, true],
        ["a*b*c*d*e*/f", "axbxcxdxexxx/fff", false, true],
        ["a*b?c*x", "abxbbxdbxebxczzx", true, true],
        ["a*b?c*x", "abxbbxdbxebxczzy", false, true],
        ["ab[c]", "abc", true, true],
        ["ab[b-d]", "abc", true, true],
        ["ab[e-g]", "abc", false, true],
        ["ab[^c]", "abc", false, true],
        ["ab[^b-d]", "abc", false, true],
        ["ab[^e-g]", "abc", true, true],
        ["a\\*b", "a*b", true, true],
        ["a\\*b", "ab", false, true],
        ["a?b", "a☺b", true, true],
        ["a[^a]b", "a☺b", true, true],
        ["a???b", "a☺b", false, true],
        ["a[^a][^a][^a]b", "a☺b", false, true],
        ["[a-ζ]*", "α", true, true],
        ["*[a-ζ]", "A", false, true],
        ["a?b", "a/b", false, true],
        ["a*b", "a/b", false, true],
        ["[\\]a]", "]", true, true],
        ["[\\-]", "-", true, true],
        ["[x\\-]", "x", true, true],
        ["[x\\-]", "-", true, true],
        ["[x\\-]", "z", false, true],
        ["[\\-x]", "x", true, true],
        ["[\\-x]", "-", true, true],
        ["[\\-x]", "a", false, true],
        ["[]a]", "]", false, false],
        ["[-]", "-", false, false],
        ["[x-]", "x", false, false],
        ["[x-]", "-", false, false],
        ["[x-]", "z", false, false],
        ["[-x]", "x", false, false],
        ["[-x]", "-", false, false],
        ["[-x]", "a", false, false],
        ["\\", "a", false, false],
        ["[a-b-c]", "a", false, false],
        ["[", "a", false, false],
        ["[^", "a", false, false],
        ["[^bc", "a", false, false],
        ["a[", "a", false, false],
        ["a[", "ab", false, false],
        ["*x", "xxx", true, true],
    ];

    // moby multiPatternTests plus the classic documented examples: patterns, path, excluded.
    private static readonly object[][] MultiPattern =
    [
        [new[] { "**", "!util/docker/web" }, "util/docker/web/foo", false],
        [new[] { "**", "!util/docker/web", "util/docker/web/foo" }, "util/docker/web/foo", true],
        [new[] { "**", "!dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl" }, "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false],
        [new[] { "**", "!dist/*.whl" }, "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false],
        [new[] { "!fileutils.go", "*.go" }, "fileutils.go", true],
        [new[] { "*.go", "!fileutils.go" }, "fileutils.go", false],
        [new[] { "docs", "!docs/README.md" }, "docs/README.md", false],
        [new[] { "docs/", "!docs/README.md" }, "docs/README.md", false],
        [new[] { "docs/*", "!docs/README.md" }, "docs/README.md", false],
        [new[] { "*.md", "!README*.md", "README-secret.md" }, "README-secret.md", true],
        [new[] { "*.md", "!README*.md", "README-secret.md" }, "README.md", false],
        [new[] { "*.md", "!README*.md", "README-secret.md" }, "CHANGES.md", true],
        [new[] { "*.md", "README-secret.md", "!README*.md" }, "README-secret.md", false],
        [new[] { "*/temp*" }, "somedir/temporary.txt", true],
        [new[] { "*/temp*" }, "somedir/temp", true],
        [new[] { "*/temp*" }, "temp", false],
        [new[] { "*/*/temp*" }, "somedir/subdir/temporary.txt", true],
        [new[] { "*/*/temp*" }, "somedir/temporary.txt", false],
        [new[] { "temp?" }, "tempa", true],
        [new[] { "temp?" }, "temp", false],
        [new[] { "temp?" }, "tempab", false],
        [new[] { "**/*.go" }, "a/b/c.go", true],
        [new[] { "**/*.go" }, "c.go", true],
        [new[] { "bin", "obj" }, "bin/Debug/net8.0/app.dll", true],
        [new[] { "bin/", "obj/" }, "obj/project.assets.json", true],
        [new[] { "bin", "obj" }, "src/bin/app.dll", false],
        [new[] { "**/bin", "**/obj" }, "src/App/bin/app.dll", true],
        [new[] { "**/bin/", "**/obj/" }, "src/App/obj/x.json", true],
        [new[] { "*", "!src" }, "src/Program.cs", false],
        [new[] { "*", "!src" }, "README.md", true],
        [new[] { "*", "!src/**" }, "src/a/Program.cs", false],
        [new[] { "*", "!src/**" }, "README.md", true],
        [new[] { ".git" }, ".git/HEAD", true],
        [new[] { ".git" }, ".github/workflows/ci.yml", false],
        [new[] { ".*" }, ".github/workflows/ci.yml", true],
        [new[] { "./bin" }, "bin/x", true],
        [new[] { "/bin" }, "bin/x", true],
        [new[] { "bin/../obj" }, "obj/x", true],
        [new[] { "bin/../obj" }, "bin/x", false],
        [new[] { "a//b" }, "a/b", true],
        [new[] { "  spaced  " }, "spaced", true],
        [new[] { "!  keep", "keep" }, "keep", true],
        [new[] { "keep", "!  keep" }, "keep", false],
        [new[] { "node_modules" }, "node_modules/x/y/z.js", true],
        [new[] { "*.log" }, "logs/app.log", false],
        [new[] { "**/*.log" }, "logs/app.log", true],
        [new[] { "logs/*.log" }, "logs/deep/app.log", false],
        [new[] { "logs/**/*.log" }, "logs/deep/app.log", true],
        [new[] { "logs/**/*.log" }, "logs/app.log", true],
        [new[] { "secret[0-9].txt" }, "secret7.txt", true],
        [new[] { "secret[0-9].txt" }, "secretx.txt", false],
        [new[] { "secret[^0-9].txt" }, "secretx.txt", true],
        [new[] { "secret[!0-9].txt" }, "secret!.txt", true],
        [new[] { "secret[!0-9].txt" }, "secretx.txt", false],
        [new[] { "a\\?b" }, "a?b", true],
        [new[] { "a\\?b" }, "axb", false],
        [new[] { "a\\[b" }, "a[b", true],
        [new[] { "Dockerfile.*" }, "Dockerfile.dev", true],
        [new[] { "*.MD" }, "README.md", false],
        [new[] { "dir" }, "dir", true],
        [new[] { "dir" }, "dirx", false],
        [new[] { "dir" }, "x/dir", false],
        [new[] { "dir*" }, "dirx/file", true],
        [new[] { "*/dir" }, "x/dir/file", true],
        [new[] { "x/**/y" }, "x/y", true],
        [new[] { "x/**/y" }, "x/a/b/y", true],
        [new[] { "x/**/y" }, "x/a/b/y/z", true],
        [new[] { "x/**/y" }, "x/a/b/yz", false],
        [new[] { "**/" + "café" }, "menu/café", true],
        [new[] { "caf?" }, "café", true],
        [new[] { "emoji-?.txt" }, "emoji-😀.txt", true],
        [new[] { "emoji-??.txt" }, "emoji-😀.txt", false],
        [new[] { "a", "!a/b", "a/b/c" }, "a/b/c", true],
        [new[] { "a", "!a/b", "a/b/c" }, "a/b/d", false],
        [new[] { "a", "!a/b", "a/b/c" }, "a/x", true],
        // go-archive skips an excluded directory unless a "!" pattern starts with it, so "!**/keep"
        // cannot reach inside "a": Docker never looks there.
        [new[] { "a", "!**/keep" }, "a/keep", true],
        [new[] { "a", "!**/keep" }, "keep", false],
        // ... and the check is a plain prefix test, so a wildcard stops it one level down: Docker walks
        // "a" (the pattern starts with "a/") but not "a/b", and never sees a/b/keep.
        [new[] { "a", "!a/**/keep" }, "a/b/keep", true],
        [new[] { "a", "!a/**/keep" }, "a/keep", false],
        [new[] { "a", "!a/b/keep" }, "a/b/keep", false],
        // MatchesUsingParentResults: a "!" pattern skipped for the parent is only tested on the path itself.
        [new[] { "a/b", "!a" }, "a/b", true],
        [new[] { "a/b", "!a" }, "a/c", false],
        [new[] { "a/b", "!a/b" }, "a/b/c", false],
        [new[] { "**", "!.dockerignore" }, "x", true],
    ];

    public static IEnumerable<TestCaseData> MobyExactCases() =>
        MobyMatches.Select(c => new TestCaseData(c[0], c[1]).Returns(c[2]).SetArgDisplayNames((string)c[0], (string)c[1]));

    public static IEnumerable<TestCaseData> MobyParentCases() =>
        MobyMatches.Select(c => new TestCaseData(c[0], c[1]).Returns(c[3]).SetArgDisplayNames((string)c[0], (string)c[1]));

    public static IEnumerable<TestCaseData> GoMatchValidCases() =>
        GoMatch.Where(c => (bool)c[3]).Select(c => new TestCaseData(c[0], c[1]).Returns(c[2]).SetArgDisplayNames((string)c[0], (string)c[1]));

    public static IEnumerable<TestCaseData> GoMatchInvalidCases() =>
        GoMatch.Where(c => !(bool)c[3]).Select(c => (string)c[0]).Distinct().Select(p => new TestCaseData(p).SetArgDisplayNames(p));

    public static IEnumerable<TestCaseData> MultiPatternCases() =>
        MultiPattern.Select(c => new TestCaseData(c[0], c[1]).Returns(c[2]).SetArgDisplayNames(string.Join(" ", (string[])c[0]), (string)c[1]));

    [TestCaseSource(nameof(MobyExactCases))]
    public bool Pattern_matches_the_path_itself_as_moby_does(string pattern, string path)
    {
        var compiled = DockerIgnorePattern.TryCreate(pattern, out var error);
        Assert.That(error, Is.Null);
        return compiled!.Matches(path);
    }

    [TestCaseSource(nameof(MobyParentCases))]
    public bool Pattern_matches_the_path_or_a_parent_as_moby_does(string pattern, string path) =>
        DockerIgnore.Parse(pattern).IsExcluded(path);

    [TestCaseSource(nameof(GoMatchValidCases))]
    public bool Go_filepath_Match_table(string pattern, string path) => DockerIgnore.Parse(pattern).IsExcluded(path);

    [TestCaseSource(nameof(GoMatchInvalidCases))]
    public void Go_filepath_Match_bad_patterns_are_refused(string pattern)
    {
        var e = Assert.Throws<DeployException>(() => DockerIgnore.Parse("ok\n" + pattern));
        Assert.That(e!.Code, Is.EqualTo("DOKKU2001"));
        Assert.That(e.Message, Does.Contain("line 2"));
    }

    [TestCaseSource(nameof(MultiPatternCases))]
    public bool Several_patterns_last_match_wins(string[] patterns, string path) =>
        DockerIgnore.Parse(string.Join("\n", patterns)).IsExcluded(path);

    [TestCase("!")]
    [TestCase("! ")]
    [TestCase("!/")]
    public void Invalid_lines_are_refused(string line)
    {
        var e = Assert.Throws<DeployException>(() => DockerIgnore.Parse(line));
        Assert.That(e!.Code, Is.EqualTo("DOKKU2001"));
    }

    // Valid for filepath.Match, refused by Go's regexp (moby issue 52203): patternmatcher compiles the
    // expression when it first matches a path, so Docker fails in the walk, and so does DokkuDeploy.
    [TestCase("[Local-Only]/")]
    [TestCase("a[z-a]")]
    [TestCase("\\\u00e9*")]
    [TestCase("\\Qa\\E\\E")]
    [TestCase("x\\1")]
    [TestCase("[[:foo:]]")]
    public void Lines_Go_cannot_compile_are_refused_when_first_used(string line)
    {
        var ignore = DockerIgnore.Parse(line);
        var e = Assert.Throws<DeployException>(() => ignore.IsExcluded("x"));
        Assert.That(e!.Code, Is.EqualTo("DOKKU2001"));
    }

    [Test]
    public void Reads_lines_as_ignorefile_ReadAll_does()
    {
        // moby ignorefile_test.go, minus the two "!" lines that New refuses.
        const string content = "test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n";
        Assert.That(DockerIgnore.Parse(content).Patterns,
            Is.EqualTo(new[] { "test1", "test2", "a/file/here", "lastfile", "!inverted/abs/path" }));
    }

    [TestCase("\uFEFFbin\n", new[] { "bin" })]
    [TestCase("bin\r\nobj\r\n", new[] { "bin", "obj" })]
    [TestCase("  # not a comment\n", new[] { "# not a comment" })]
    [TestCase("#comment\n\t\n   \n", new string[0])]
    [TestCase("a/./b/../c/\n", new[] { "a/c" })]
    [TestCase("/\n", new[] { "/" })]
    [TestCase("!./x\n", new[] { "!x" })]
    [TestCase("\\#literal\n", new[] { "\\#literal" })]
    public void Normalises_lines(string content, string[] expected) =>
        Assert.That(DockerIgnore.Parse(content).Patterns, Is.EqualTo(expected));

    [TestCase("*")]
    [TestCase("**")]
    [TestCase("Dockerfile")]
    [TestCase(".dockerignore")]
    [TestCase("Dockerfile\n.dockerignore")]
    [TestCase("*\n!src")]
    public void Always_keeps_the_Dockerfile_and_dockerignore(string content)
    {
        var ignore = DockerIgnore.Parse(content);
        Assert.Multiple(() =>
        {
            Assert.That(ignore.IsExcluded("Dockerfile"), Is.False);
            Assert.That(ignore.IsExcluded(".dockerignore"), Is.False);
        });
    }

    [Test]
    public void Keeps_the_Dockerfile_in_use_under_an_excluded_directory()
    {
        var ignore = DockerIgnore.Parse("build\n", "build/Dockerfile.prod");
        Assert.Multiple(() =>
        {
            Assert.That(ignore.IsExcluded("build/Dockerfile.prod"), Is.False);
            Assert.That(ignore.IsExcluded("build/other"), Is.True);
            Assert.That(ignore.IsExcluded("Dockerfile"), Is.False, "nothing excludes it");
        });
    }

    [Test]
    public void Only_the_Dockerfile_in_use_is_kept()
    {
        var ignore = DockerIgnore.Parse("Dockerfile*\n", "Dockerfile.prod");
        Assert.Multiple(() =>
        {
            Assert.That(ignore.IsExcluded("Dockerfile.prod"), Is.False);
            Assert.That(ignore.IsExcluded("Dockerfile.dev"), Is.True);
        });
    }

    [Test]
    public void Nothing_is_excluded_without_patterns()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DockerIgnore.Empty.IsExcluded("anything/at/all"), Is.False);
            Assert.That(DockerIgnore.Parse("").IsExcluded("x"), Is.False);
            Assert.That(DockerIgnore.Parse("**").IsExcluded("."), Is.False, "the root itself never");
        });
    }

    [Test]
    public void Load_reads_the_file_or_returns_empty()
    {
        var dir = Directory.CreateTempSubdirectory("dokku-ignore-").FullName;
        try
        {
            Assert.That(DockerIgnore.Load(dir).IsExcluded("bin/x"), Is.False);
            File.WriteAllText(Path.Combine(dir, ".dockerignore"), "bin\n");
            Assert.That(DockerIgnore.Load(dir).IsExcluded("bin/x"), Is.True);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Load_names_the_file_in_errors()
    {
        var dir = Directory.CreateTempSubdirectory("dokku-ignore-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, ".dockerignore"), "bin\n[\n");
            var e = Assert.Throws<DeployException>(() => DockerIgnore.Load(dir));
            Assert.That(e!.Message, Does.Contain(".dockerignore line 2"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
