using System.Text;

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

    /// <summary>RE2 syntax that reaches Go's regexp through escapes and brackets, where .NET's engine means something else.</summary>
    static readonly string[] Re2Patterns =
    [
        // Perl classes: ASCII in Go, Unicode in .NET.
        "re/\\d.txt", "re/a\\d.txt", "re/\\d*", "re/*\\d*", "re/\\D.txt", "re/\\w.txt", "re/\\w*", "re/x\\wy.txt", "re/*\\W*",
        "re/a\\sb.txt", "re/*\\s*", "re/\\S*", "re/[\\d]*", "re/[\\w]*", "re/[^\\w]*", "re/a[\\s]b.txt", "re/[\\D].txt", "re/[\\S\\d]*",
        // Word boundaries: ASCII in Go.
        "re/\\b*", "re/x\\b*", "re/*\\b.txt", "re/*\\u00e9\\b*", "re/*\\B*", "re/x\\By.txt", "re/\\b\\u00e9*", "re/*x\\b", "re/\\B\\u00e9*", "re/a\\b\\u0663.txt",
        // POSIX classes, which .NET reads as plain brackets.
        "re/[[:alpha:]]*", "re/[[:digit:]].txt", "re/[[:^alpha:]]*", "re/a[[:space:]]b.txt", "re/[[:word:]]*", "re/[[:punct:]]*",
        "re/[[:upper:]]*", "re/[[:alnum:]_]*", "re/[[:lower:][:digit:]]*", "re/[^[:alpha:]]*", "re/[[:xdigit:]].txt", "re/*[[:blank:]]*",
        "re/[[:cntrl:]]*", "re/*[[:print:]]", "re/[[:graph:]]*", "re/[[:ascii:]]*", "re/[[:foo:]]", "re/[[:alpha:]",
        // Characters outside the BMP: one rune in Go, two UTF-16 units in .NET.
        "re/[\U0001F600].txt", "re/a[\U0001F600]b.txt", "re/[^a].txt", "re/?.txt", "re/[\U0001F600-\U0001F602].txt", "re/[\U0001D49C].txt",
        "re/[^\U0001F600].txt", "re/*[\U0001F600]*", "re/a?b.txt", "re/??.txt", "re/[^x][^x].txt", "re/*[^\u0000-\uffff]*",
        // Unicode classes.
        "re/\\pL.txt", "re/\\pL*", "re/\\PL*", "re/\\p{L}*", "re/\\p{Lu}*", "re/\\p{^L}*", "re/[\\pL].txt", "re/[^\\pL]*", "re/\\pN.txt",
        "re/\\p{Nd}.txt", "re/*\\pC*", "re/*\\p{Zs}*", "re/\\p{Foo}", "re/\\p{Any}*", "re/\\P{Any}*", "re/*\\p{Cf}*", "re/\\p{Greek}*", "re/\\p{Han}.txt",
        "re/\\pZ*", "re/\\p{So}*", "re/\\pM", "re/\\p", "re/\\p{L",
        // Quoting: \Q...\E takes the rest of the regular expression literally, Docker's own "$" included.
        "re/\\Q*\\E", "re/\\Qa$", "re/\\Qa", "re/\\Q", "re/\\Qq\\E*", "re/\\E", "re/a\\Q\\E*", "re/\\Q[^", "re/\\Qa.b", "re/\\Qa\\.b\\E",
        "\\Q**/q.txt\\E", "re/\\Q]\\E", "re/\\Q^]",
        // A backslash before a non-ASCII character: Go refuses it, .NET takes the character.
        "re/\\\u00e9*", "re/\\\u65e5.txt", "re/a\\\U0001F600b.txt", "re/[\\\u00e9]*", "re/*\\\u00e9",
        // Other escapes Go knows.
        "re/\\x41*", "re/\\x{41}*", "re/\\x{1F600}.txt", "re/\\101*", "re/\\0", "re/[\\x{1F600}-\\x{1F602}].txt", "re/\\C", "re/a\\z", "re/\\A*",
        "re/\\Z", "re/a\\t*", "re/[\\t ]*", "re/\\x4", "re/\\x{110000}", "re/\\17*", "re/\\1", "re/\\_x", "re/[\\b]*", "re/\\.*",
        // Brackets whose glob meaning and regular expression meaning differ.
        "re/[?]", "re/[*]", "re/[^/]", "re/[[]^", "re/[\\]]", "re/[]]", "re/[x-]", "re/[\\^]*", "re/[$]", "re/a[.]b",
    ];

    /// <summary>.dockerignore files as bytes: other encodings, and lines at Go's 64 KiB limit.</summary>
    static IEnumerable<(string Label, byte[] Bytes)> EncodedFiles()
    {
        const string text = "*.md\r\nsrc\r\nre\r\n";
        yield return ("UTF-16LE with BOM", [.. new UnicodeEncoding(false, true).GetPreamble(), .. Encoding.Unicode.GetBytes(text)]);
        yield return ("UTF-16BE with BOM", [.. new UnicodeEncoding(true, true).GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)]);
        yield return ("UTF-16LE without BOM", Encoding.Unicode.GetBytes(text));
        yield return ("UTF-32LE with BOM", [.. new UTF32Encoding(false, true).GetPreamble(), .. Encoding.UTF32.GetBytes(text)]);
        yield return ("UTF-32BE with BOM", [.. new UTF32Encoding(true, true).GetPreamble(), .. new UTF32Encoding(true, false).GetBytes(text)]);
        yield return ("UTF-16LE [", [.. new UnicodeEncoding(false, true).GetPreamble(), .. Encoding.Unicode.GetBytes("[\n")]);
        yield return ("UTF-16LE *", Encoding.Unicode.GetBytes("*\n"));
        yield return ("UTF-8 with BOM", [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]);
        yield return ("Latin-1 byte", [.. "caf"u8, 0xE9, .. "\nsrc\n"u8]);
        yield return ("NUL byte", [.. "src\0\ndocs\n"u8]);
        foreach (var (label, length, ending) in new[] { ("65535+LF", 65535, "\n"), ("65536+LF", 65536, "\n"), ("65534+CRLF", 65534, "\r\n"),
                     ("65535+CRLF", 65535, "\r\n"), ("65535 at EOF", 65535, ""), ("65536 at EOF", 65536, ""), ("70000+LF", 70000, "\n") })
            yield return ($"line of {label}", Encoding.ASCII.GetBytes("docs\n" + "src".PadRight(length) + ending + "re\n"));
    }

    /// <summary>Every case tried, valid ones first.</summary>
    public static IEnumerable<ParityCase> All(bool full)
    {
        foreach (var pattern in SinglePatterns)
            yield return Text(pattern + "\n");
        foreach (var text in MultiLine)
            yield return Text(text);

        // Seeded mixes of the patterns above, some re-included with "!", so combinations nobody thought of get tried too.
        var random = new Random(Seed);
        for (var i = 0; i < MixCount; i++)
        {
            var lines = Enumerable.Range(0, random.Next(2, 6))
                .Select(_ => (random.Next(3) == 0 ? "!" : "") + SinglePatterns[random.Next(SinglePatterns.Length)].Trim())
                .Where(line => line is not "!" and not "!/");
            yield return Text(string.Join("\n", lines) + "\n");
        }

        if (!full)
            yield break;

        foreach (var pattern in Re2Patterns)
        {
            yield return Text(pattern + "\n");
            yield return Text("re/*\n!" + pattern + "\n");
        }

        foreach (var (label, bytes) in EncodedFiles())
            yield return new ParityCase(label, bytes);

        // Links: .dockerignore and Dockerfile as symlinks, the entries the full tree adds, the modes it sets.
        var src = Encoding.UTF8.GetBytes("src\nre\n");
        yield return new ParityCase(".dockerignore -> ../outside.ign", src, DockerIgnoreLink: "../outside.ign");
        yield return new ParityCase(".dockerignore -> docker/ign.txt", src, DockerIgnoreLink: "docker/ign.txt");
        yield return new ParityCase(".dockerignore -> {tree}/docker/ign.txt", src, DockerIgnoreLink: "{tree}/docker/ign.txt");
        yield return new ParityCase(".dockerignore -> nowhere (dangling)", src, DockerIgnoreLink: "nowhere");
        yield return new ParityCase("Dockerfile -> docker/Dockerfile.real", src, DockerfileLink: "docker/Dockerfile.real");
        yield return new ParityCase("Dockerfile -> docker/Dockerfile.real, docker ignored", Encoding.UTF8.GetBytes("docker\n"), DockerfileLink: "docker/Dockerfile.real");
        yield return new ParityCase("Dockerfile -> ../outside.Dockerfile", src, DockerfileLink: "../outside.Dockerfile");
        yield return new ParityCase("Dockerfile -> {tree}/docker/Dockerfile.real", src, DockerfileLink: "{tree}/docker/Dockerfile.real");
        foreach (var text in new[] { "", "links\n", "!links/absolute-inside\nlinks\n", "links\n!links/absolute-outside\n", "modes\n", "*\n!modes/private-dir/x\n",
                     "modes/*\n!modes/sticky\n", "special\n", "special/*\n!special/fifo\n", "*\n!special/cap\n", "**/*name\n", "*\n!links/dir-inside\n" })
            yield return Text(text);
    }

    static ParityCase Text(string text) => new(text.Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t"), Encoding.UTF8.GetBytes(text));

    public const int Seed = 52026;
    public const int MixCount = 150;
}

/// <summary>One .dockerignore (as bytes), optionally reached through a symlink, optionally with the Dockerfile a symlink.</summary>
sealed record ParityCase(string Label, byte[] DockerIgnore, string? DockerIgnoreLink = null, string? DockerfileLink = null);
