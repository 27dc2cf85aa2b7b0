using NUnit.Framework;
using DokkuDeploy.Core.BuildContext;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Tests.BuildContext;

/// <summary>
/// Patterns whose Go regular expression means something else to .NET's engine, with what Go's regexp
/// (so Docker) decides. The differential test checks the same classes against the real docker CLI.
/// </summary>
public class GoRegexParityTests
{
    [TestCase(@"\d.txt", "1.txt", ExpectedResult = true)]
    [TestCase(@"\d.txt", "\u0663.txt", ExpectedResult = false)] // Arabic-Indic three: a digit to .NET, not to Go
    [TestCase(@"\w*", "_x", ExpectedResult = true)]
    [TestCase(@"\w*", "\u00e9x", ExpectedResult = false)]
    [TestCase(@"a\sb.txt", "a\tb.txt", ExpectedResult = true)]
    [TestCase(@"a\sb.txt", "a\u00a0b.txt", ExpectedResult = false)]
    [TestCase(@"a\sb.txt", "a\vb.txt", ExpectedResult = false)] // Go's \s has no vertical tab
    [TestCase(@"*\b.txt", "x.txt", ExpectedResult = true)]
    [TestCase(@"*\b.txt", "\u00e9.txt", ExpectedResult = false)] // no ASCII word character on either side
    [TestCase(@"x\By", "xy", ExpectedResult = true)]
    [TestCase("[[:alpha:]]*", "Ab.c", ExpectedResult = true)]
    [TestCase("[[:alpha:]]*", "\u00e9", ExpectedResult = false)]
    [TestCase("[[:^alpha:]]*", "1", ExpectedResult = true)]
    [TestCase("[[:space:]]", "\v", ExpectedResult = true)]
    [TestCase("[\U0001F600].txt", "\U0001F600.txt", ExpectedResult = true)]
    [TestCase("?.txt", "\U0001F600.txt", ExpectedResult = true)]
    [TestCase("??.txt", "\U0001F600.txt", ExpectedResult = false)]
    [TestCase("[^a].txt", "\U0001F600.txt", ExpectedResult = true)]
    [TestCase("[\U0001F600-\U0001F602].txt", "\U0001F602.txt", ExpectedResult = true)]
    [TestCase(@"\pL.txt", "\U0001D49C.txt", ExpectedResult = true)] // a letter outside the BMP
    [TestCase(@"\pL.txt", "1.txt", ExpectedResult = false)]
    [TestCase(@"\PL*", "1", ExpectedResult = true)]
    [TestCase(@"*\pC*", "a\u0378b", ExpectedResult = false)] // unassigned: in .NET's \p{C}, not in Go's C
    [TestCase(@"\Qa", "a$", ExpectedResult = true)] // \Q takes Docker's closing "$" literally
    [TestCase(@"\Qa", "a$b.txt", ExpectedResult = true)] // ... and the end is no longer anchored
    [TestCase(@"\Qa", "a", ExpectedResult = false)]
    [TestCase(@"\Q*\E", "[^/]*", ExpectedResult = true)]
    [TestCase(@"\Qq\E*", "q.txt", ExpectedResult = true)]
    [TestCase(@"\x41*", "Ab", ExpectedResult = true)]
    [TestCase(@"\101*", "Ab", ExpectedResult = true)]
    [TestCase(@"\x{41}*", "Ab", ExpectedResult = true)]
    [TestCase(@"[\x{1F600}-\x{1F602}].txt", "\U0001F601.txt", ExpectedResult = true)]
    [TestCase(@"\p{Lu}*", "A", ExpectedResult = true)]
    [TestCase(@"\p{^L}*", "A", ExpectedResult = false)]
    [TestCase("q|A*", "xAb", ExpectedResult = true)] // '|' reaches Go unescaped: an alternation, unanchored on both sides
    [TestCase("q|A*", "b", ExpectedResult = false)]
    [TestCase("Ab{1,2}*", "Abb", ExpectedResult = true)] // so do '{' and '}': a repetition
    [TestCase("Ab{1,2}*", "A{1,2}", ExpectedResult = false)]
    [TestCase("A{,1}*", "A{,1}x", ExpectedResult = true)] // not a repetition: literal
    [TestCase("a+*", "a+b", ExpectedResult = true)] // '+' is escaped
    [TestCase(@"a\z", "a", ExpectedResult = true)]
    [TestCase("[?]", "^]", ExpectedResult = true)] // '?' becomes [^/] inside the brackets: the class is [[^/]
    [TestCase("[?]", "?", ExpectedResult = false)]
    [TestCase("[]]", "]", ExpectedResult = false)] // refused by filepath.Match: see the invalid cases
    public bool Matches_as_Go_does(string pattern, string path)
    {
        try
        {
            return DockerIgnore.Parse(pattern).IsExcluded(path);
        }
        catch (DeployException e) when (e.Code == "DOKKU2001" && pattern == "[]]")
        {
            return false;
        }
    }

    [TestCase(@"\pX", "DOKKU2001")]
    [TestCase("Ab{1001}*", "DOKKU2001")]
    [TestCase("Ab{2,1}*", "DOKKU2001")]
    [TestCase("a*{2}", "DOKKU2001")]
    [TestCase(@"\p{Greek}*", "DOKKU2107")] // a script: Go has the table, .NET does not
    [TestCase(@"\p{Han}.txt", "DOKKU2107")]
    public void Is_refused_as_Go_refuses_it_or_as_not_reproducible(string pattern, string code)
    {
        var ignore = DockerIgnore.Parse(pattern);
        var e = Assert.Throws<DeployException>(() => ignore.IsExcluded("x"));
        Assert.That(e!.Code, Is.EqualTo(code));
        Assert.That(e.Message, Does.Contain("line 1"));
    }

    [Test]
    public void A_pattern_Go_refuses_is_no_error_while_nothing_uses_it()
    {
        // patternmatcher skips a "!" pattern while nothing is excluded, so it is never compiled.
        Assert.That(DockerIgnore.Parse("!\\\u00e9").IsExcluded("a"), Is.False);
    }

    [Test]
    public void A_pattern_Go_refuses_does_not_stop_the_CLI_keeping_the_Dockerfile()
    {
        // TrimBuildFilesFromExcludes ignores the error; the walk then fails on it.
        var ignore = DockerIgnore.Parse("x\\1\n");
        Assert.That(ignore.Patterns, Is.EqualTo(new[] { "x\\1" }));
    }
}
