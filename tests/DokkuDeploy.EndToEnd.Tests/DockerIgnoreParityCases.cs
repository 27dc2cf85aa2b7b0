namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>The fixed tree every parity case filters, and the .dockerignore files tried on it.</summary>
static class DockerIgnoreParityCases
{
    /// <summary>Files (content = their path), plus <see cref="EmptyDirectories"/> and <see cref="Symlinks"/>.</summary>
    public static readonly string[] Files =
    [
        "Dockerfile", "Dockerfile.prod", "Dockerfile.d/x", ".env", ".hidden/x",
        ".git/HEAD", ".git/objects/ab/cdef",
        "README.md", "x.md", "docs/README.md", "docs/guide.md", "docs/img/logo.png", "docs/img/README.md",
        "src/app.cs", "src/app.test.cs", "src/x", "src/lib/util.cs", "src/lib/.hidden", "src/lib/deep/x", "src/lib/deep/x.md",
        "bin/Debug/app.dll", "bin/Release/app.dll", "obj/project.assets.json",
        "node_modules/pkg/index.js", "node_modules/pkg/node_modules/inner/index.js",
        "my file.txt", "dir with space/a b.txt", "dir with space/sub dir/c.txt",
        "a/x", "b/a/x", "c/b/a/x", "abc.txt", "abd.txt", "abe.txt", "a?c.txt", "[x].txt", "star*.txt", "back\\slash.txt",
        "#notes", "!important", " lead.txt", "a+b.txt", "(x).txt", "{a}.txt", "a|b.txt", "a$b.txt", "a^b.txt",
        "a.b/c", "aXb/c", "foo", "bar/foo/baz", "bar/foo/qux/deep", "baz/foo", "x/y/z/deep.txt", "x/y/keep", "x/y2/z",
        "tmp/.keep", "tmp/cache/1", "keep/keep.txt", "ünïcode.txt", "日本.txt", "sub/x.md", "sub/sub2/x.md", "sub/sub2/y.txt",
    ];

    public static readonly string[] EmptyDirectories = ["empty", "src/lib/empty"];

    /// <summary>Link path, target: links are context entries of their own, never followed.</summary>
    public static readonly (string Path, string Target)[] Symlinks = [("link-to-src", "src"), ("docs/link.md", "../README.md")];

    static readonly string[] SinglePatterns =
    [
        // Globs and double stars.
        "*", "**", "**/", "*/", "/", "**/*", "*/*", "*/*/*", "**/**", "*/**", "**/*/", "**.md", "**docs", "docs**",
        "*.md", "**/*.md", "*/*.md", "**/**/*.md", "*.txt", "**/*.txt", "*.cs", "**/*.cs", "src/*.cs", "src/**/*.cs", "**/*.test.cs",
        // Directories, leading and trailing slashes, cleaning.
        "docs", "docs/", "/docs", "/docs/", "docs/*", "docs/**", "docs/**/*", "docs/**/*.png", "docs/*/", "/docs/img",
        "./docs", "docs/.", "docs/./img", "docs//img", "docs/img/..", "docs/../README.md", "src/lib/deep/..", "../src", "../../docs", "src/../../x",
        // Specific files and names.
        "README.md", "**/README.md", "./README.md", "/README.md", "docs/README.md", "*/README.md",
        "Dockerfile", "Dockerfile*", "Dockerfile.*", "Docker?ile", "[D]ockerfile", "*/Dockerfile", "**/Dockerfile", "Dockerfile/",
        ".dockerignore", ".docker*", "**/.dockerignore", ".dockerignore/", ".*", ".*/", "**/.*", ".git", ".git/", ".git/**", "**/.hidden", ".hidden",
        "bin", "obj", "bin/**", "**/bin", "bin/*/app.dll", "**/Debug", "**/node_modules", "node_modules", "node_modules/**/index.js", "**/index.js",
        "a", "a/", "**/a", "**/a/x", "*/a", "*/a/x", "a/x", "*/*/a/x", "**/b/a",
        "foo", "foo/", "**/foo", "*/foo", "bar/foo", "bar/foo/*", "**/foo/**", "bar/**/deep",
        "x/**/deep.txt", "x/**/z", "**/z/**", "x/*/z", "x/y*", "**/y2", "**/deep", "**/deep/**", "src/lib/**/x", "**/lib/deep/x",
        // Single characters, classes, escapes.
        "?", "??", "???", "a?c.txt", "ab?.txt", "a??.txt", "[a-c]", "[a-c]*", "[!a]*", "[^a]*", "ab[cd].txt", "ab[c-d].txt", "ab[^c].txt",
        "[[]x].txt", "\\[x\\].txt", "\\#notes", "#notes", " #notes", "\\!important", "\\ lead.txt", "star\\*.txt", "star*", "a\\?c.txt",
        "back\\\\slash.txt", "back\\slash.txt", "back*", "\\a\\b\\c.txt", "a\\.b", "a.b", "a?b", "a.b/*", "a*b/c",
        // Characters that mean something to regular expressions but not to globs.
        "a+b.txt", "(x).txt", "{a}.txt", "a|b.txt", "a$b.txt", "a^b.txt", "a+*", "(*", "{*",
        // Names with spaces and non-ASCII text.
        "my file.txt", "my*", "  my file.txt  ", "dir with space", "dir with space/*", "dir with space/**/c.txt", "*space*",
        "ünïcode.txt", "日本.txt", "日?.txt", "??.txt", "ü*",
        // Other entries.
        "empty", "empty/", "**/empty", "tmp", "tmp/*", "tmp/.keep", "keep", "link-to-src", "link-to-src/app.cs", "docs/link.md", "**/link*",
        "sub", "sub/*", "sub/**/x.md", "**/sub2", "sub/sub2/*.md",
    ];

    static readonly string[] MultiLine =
    [
        "*\n!src", "*\n!src/**", "*\n!src/lib/util.cs", "**\n!**/*.cs", "*\n!*/", "*\n!**/", "*\n!Dockerfile", "*\n!.dockerignore",
        "docs\n!docs/README.md", "docs/\n!docs/img", "docs\n!docs/img/logo.png\n!docs/guide.md", "docs/**\n!docs/img/**",
        "*.md\n!README.md", "*.md\n!**/README.md", "**/*.md\n!docs/*.md", "**/*.md\n!**/img/*.md",
        "node_modules\n!node_modules/pkg/index.js", "**/node_modules\n!**/node_modules/**/index.js", "node_modules\n!node_modules/pkg",
        "bin\nobj\n.git", "Dockerfile\n.dockerignore", "Dockerfile*\n!Dockerfile.prod",
        "a\n!a/x", "a\n!a/x\na/x", "*\n!a\na/x", "**/a\n!b/a/x", "**/a\n!c/b/a", "**/foo\n!bar/foo/baz", "**/foo\n!**/foo/qux",
        "foo\n!bar/foo", "bar/foo\n!bar/foo/qux/deep", "bar\n!bar/foo/baz", "bar\n!bar/foo\nbar/foo/qux",
        "src\n!src/lib\nsrc/lib/deep", "src/lib\n!src/lib/deep/x", "src\n!src/lib/deep", "src/**\n!src/lib/deep/x.md",
        "x\n!x/y\nx/y/z\n!x/y/z/deep.txt", "x\n!x/y/keep", "x/*\n!x/y2", "**/z\n!x/y/z/deep.txt",
        "#comment\n\nsrc\n\n# another\n", "!src\nsrc", "src\n!src", "!src", "*.txt\n!my file.txt", "dir with space\n!dir with space/a b.txt",
        "dir with space/**\n!dir with space/sub dir", ".*\n!.env", ".git\n!.git/HEAD", ".*\n!.git/objects", "**/.hidden\n!src/lib/.hidden",
        "*\n!docs\ndocs/img", "*\n!docs/\n!docs/**", "**\n!**/README.md\n!docs", "docs/img\n!docs/img/README.md\ndocs/img/*.md",
        "tmp/*\n!tmp/.keep", "tmp\n!tmp/.keep", "keep\n!keep/keep.txt", "sub/**/*.md\n!sub/sub2", "sub\n!sub/sub2/y.txt",
        "*\n!link-to-src", "link-to-src\n!link-to-src/app.cs", "empty\n!empty", "**\n!empty\n!src/lib/empty",
        "\uFEFFsrc\n", "src\r\ndocs\r\n", "  src  \n\tdocs\t\n", "  !  src  \n*", "!\u0020docs/README.md\ndocs", "!./src/x\nsrc",
        "/src/\n!/src/lib/", "./docs/\n!./docs/img/../guide.md", "a/../docs\n!docs/guide.md",
        "*\n!a+b.txt", "*\n!(x).txt", "*\n!{a}.txt", "a*\n!a|b.txt",
        "Dockerfile\n!Dockerfile", "*\n!Dockerfile\nDockerfile", ".dockerignore\n!.dockerignore\n.dockerignore",
    ];

    /// <summary>Lines Docker refuses: the CLI fails before it sends a context, and so must we.</summary>
    public static readonly string[] Invalid =
    [
        "[", "a[", "[z-a]", "docs\n[", "\\", "a\\", "[]", "[a-]", "[-a]", "[^]", "x[a-",
        // Escapes Go's regexp does not know (Docker copies "\x" into the regular expression).
        "a\\cb", "\\e*", "x\\1", "\\u00e9", "src\n!\\k",
    ];

    /// <summary>Every .dockerignore text tried, valid ones first.</summary>
    public static IEnumerable<string> All()
    {
        foreach (var pattern in SinglePatterns)
            yield return pattern + "\n";
        foreach (var text in MultiLine)
            yield return text;

        // Seeded mixes of the patterns above, some re-included with "!", so combinations nobody thought of get tried too.
        var random = new Random(Seed);
        for (var i = 0; i < MixCount; i++)
        {
            var lines = Enumerable.Range(0, random.Next(2, 6))
                .Select(_ => (random.Next(3) == 0 ? "!" : "") + SinglePatterns[random.Next(SinglePatterns.Length)].Trim())
                .Where(line => line is not "!" and not "!/");
            yield return string.Join("\n", lines) + "\n";
        }
    }

    public const int Seed = 52026;
    public const int MixCount = 150;
}
