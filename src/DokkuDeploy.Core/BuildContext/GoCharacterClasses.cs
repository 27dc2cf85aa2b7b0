using System.Globalization;

namespace DokkuDeploy.Core.BuildContext;

/// <summary>The named classes of Go's regexp/syntax, as code point sets: Perl (\d \s \w, ASCII), POSIX ([:alpha:], ASCII) and Unicode (\pL).</summary>
internal static class GoCharacterClasses
{
    private static readonly Dictionary<string, UnicodeCategory[]> Categories = new(StringComparer.Ordinal)
    {
        // Go's "C" is Cc, Cf, Co and Cs: unlike .NET's \p{C}, not the unassigned code points.
        ["C"] = [UnicodeCategory.Control, UnicodeCategory.Format, UnicodeCategory.PrivateUse, UnicodeCategory.Surrogate],
        ["Cc"] = [UnicodeCategory.Control],
        ["Cf"] = [UnicodeCategory.Format],
        ["Co"] = [UnicodeCategory.PrivateUse],
        ["Cs"] = [UnicodeCategory.Surrogate],
        ["L"] = [UnicodeCategory.UppercaseLetter, UnicodeCategory.LowercaseLetter, UnicodeCategory.TitlecaseLetter, UnicodeCategory.ModifierLetter, UnicodeCategory.OtherLetter],
        ["Ll"] = [UnicodeCategory.LowercaseLetter],
        ["Lm"] = [UnicodeCategory.ModifierLetter],
        ["Lo"] = [UnicodeCategory.OtherLetter],
        ["Lt"] = [UnicodeCategory.TitlecaseLetter],
        ["Lu"] = [UnicodeCategory.UppercaseLetter],
        ["M"] = [UnicodeCategory.NonSpacingMark, UnicodeCategory.SpacingCombiningMark, UnicodeCategory.EnclosingMark],
        ["Mc"] = [UnicodeCategory.SpacingCombiningMark],
        ["Me"] = [UnicodeCategory.EnclosingMark],
        ["Mn"] = [UnicodeCategory.NonSpacingMark],
        ["N"] = [UnicodeCategory.DecimalDigitNumber, UnicodeCategory.LetterNumber, UnicodeCategory.OtherNumber],
        ["Nd"] = [UnicodeCategory.DecimalDigitNumber],
        ["Nl"] = [UnicodeCategory.LetterNumber],
        ["No"] = [UnicodeCategory.OtherNumber],
        ["P"] = [UnicodeCategory.ConnectorPunctuation, UnicodeCategory.DashPunctuation, UnicodeCategory.OpenPunctuation, UnicodeCategory.ClosePunctuation,
            UnicodeCategory.InitialQuotePunctuation, UnicodeCategory.FinalQuotePunctuation, UnicodeCategory.OtherPunctuation],
        ["Pc"] = [UnicodeCategory.ConnectorPunctuation],
        ["Pd"] = [UnicodeCategory.DashPunctuation],
        ["Pe"] = [UnicodeCategory.ClosePunctuation],
        ["Pf"] = [UnicodeCategory.FinalQuotePunctuation],
        ["Pi"] = [UnicodeCategory.InitialQuotePunctuation],
        ["Po"] = [UnicodeCategory.OtherPunctuation],
        ["Ps"] = [UnicodeCategory.OpenPunctuation],
        ["S"] = [UnicodeCategory.MathSymbol, UnicodeCategory.CurrencySymbol, UnicodeCategory.ModifierSymbol, UnicodeCategory.OtherSymbol],
        ["Sc"] = [UnicodeCategory.CurrencySymbol],
        ["Sk"] = [UnicodeCategory.ModifierSymbol],
        ["Sm"] = [UnicodeCategory.MathSymbol],
        ["So"] = [UnicodeCategory.OtherSymbol],
        ["Z"] = [UnicodeCategory.SpaceSeparator, UnicodeCategory.LineSeparator, UnicodeCategory.ParagraphSeparator],
        ["Zl"] = [UnicodeCategory.LineSeparator],
        ["Zp"] = [UnicodeCategory.ParagraphSeparator],
        ["Zs"] = [UnicodeCategory.SpaceSeparator],
    };

    /// <summary>\d \D \s \S \w \W (the letter after the backslash), or null for any other letter.</summary>
    public static RuneSet? Perl(int letter) => letter switch
    {
        'd' => Digit(),
        'D' => Digit().Negate(),
        's' => Space(),
        'S' => Space().Negate(),
        'w' => Word(),
        'W' => Word().Negate(),
        _ => null,
    };

    /// <summary>The POSIX class named between "[:" and ":]", or null when Go has no such class.</summary>
    public static RuneSet? Posix(string name) => name switch
    {
        "alnum" => RuneSet.Of(('0', '9'), ('A', 'Z'), ('a', 'z')),
        "alpha" => RuneSet.Of(('A', 'Z'), ('a', 'z')),
        "ascii" => RuneSet.Of(0, 0x7F),
        "blank" => RuneSet.Of(('\t', '\t'), (' ', ' ')),
        "cntrl" => RuneSet.Of((0, 0x1F), (0x7F, 0x7F)),
        "digit" => Digit(),
        "graph" => RuneSet.Of('!', '~'),
        "lower" => RuneSet.Of('a', 'z'),
        "print" => RuneSet.Of(' ', '~'),
        "punct" => RuneSet.Of(('!', '/'), (':', '@'), ('[', '`'), ('{', '~')),
        "space" => RuneSet.Of(('\t', '\r'), (' ', ' ')),
        "upper" => RuneSet.Of('A', 'Z'),
        "word" => Word(),
        "xdigit" => RuneSet.Of(('0', '9'), ('A', 'F'), ('a', 'f')),
        _ => null,
    };

    /// <summary>\p{name}: "Any" or a general category, as Go's unicode package has them.</summary>
    /// <exception cref="GoRegexException">
    /// Any other name. Go would take a script name (\p{Greek}), which .NET has no tables for; but patternmatcher
    /// escapes '{', so from a .dockerignore only one-letter names reach Go, and those are categories or errors.
    /// </exception>
    public static RuneSet Unicode(string name)
    {
        if (name == "Any")
        {
            return RuneSet.Of(0, RuneSet.MaxRune);
        }

        if (!Categories.TryGetValue(name, out var categories))
        {
            throw name.Length == 1 || !name.All(char.IsAsciiLetter)
                ? GoRegexException.Refused($"invalid character class range: \\p{{{name}}}")
                : GoRegexException.Unsupported($"\\p{{{name}}} is a Unicode script or no class at all, and .NET has no script tables to match it as Go does");
        }

        var set = new RuneSet();
        foreach (var category in categories)
        {
            set.Add(RuneSet.Category(category));
        }

        return set;
    }

    private static RuneSet Digit() => RuneSet.Of('0', '9');

    // Go's \s is [\t\n\f\r ]: no vertical tab, nothing beyond ASCII.
    private static RuneSet Space() => RuneSet.Of(('\t', '\n'), ('\f', '\r'), (' ', ' '));

    private static RuneSet Word() => RuneSet.Of(('0', '9'), ('A', 'Z'), ('a', 'z'), ('_', '_'));
}
