namespace DokkuDeploy.Core.Dockerfiles;

/// <summary>
/// A C# file as the compiler of a Release build sees it, for a scanner that is not a compiler: comments
/// and the lines of #if regions that are off in Release (DEBUG undefined, RELEASE defined) turn to spaces,
/// and in <see cref="Code"/> string and char literals are blanked too, so that a word inside a string or a
/// comment ("IsDevelopment", "{") never counts as code. Every view keeps the offsets and lines of the source.
/// </summary>
sealed class CSharpSourceView
{
    CSharpSourceView(string text, string code, IReadOnlyList<(int Start, int End, string Directive)> inactive)
    {
        Text = text;
        Code = code;
        Inactive = inactive;
    }

    /// <summary>Comments and inactive regions blanked; literals kept.</summary>
    public string Text { get; }

    /// <summary>As <see cref="Text"/>, with the contents of literals blanked (their quotes kept).</summary>
    public string Code { get; }

    /// <summary>The regions off in Release, with the directive that turns each off ("#if DEBUG").</summary>
    public IReadOnlyList<(int Start, int End, string Directive)> Inactive { get; }

    public static CSharpSourceView Parse(string source, bool keepInactive = false)
    {
        var text = source.ToCharArray();
        var code = source.ToCharArray();
        var inactive = new List<(int, int, string)>();
        var conditionals = new Stack<Conditional>();
        var i = 0;
        while (i < source.Length)
        {
            var lineStart = i == 0 || source[i - 1] == '\n';
            if (lineStart && DirectiveAt(source, i) is { } directiveEnd)
            {
                var directive = source[i..directiveEnd].Trim();
                Apply(directive, conditionals);
                Blank(text, code, i, directiveEnd);
                i = directiveEnd;
                if (!keepInactive && conditionals.Count > 0 && !conditionals.Peek().Active)
                {
                    var end = NextDirective(source, i);
                    Blank(text, code, i, end);
                    inactive.Add((i, end, conditionals.Peek().Description));
                    i = end;
                }

                continue;
            }

            i = SkipToken(source, text, code, i);
        }

        return new CSharpSourceView(new string(text), new string(code), inactive);
    }

    /// <summary>Past one comment (blanked), one literal (blanked in code) or one character of code.</summary>
    static int SkipToken(string s, char[] text, char[] code, int i)
    {
        if (s[i] == '/' && At(s, i + 1) == '/')
        {
            var end = s.IndexOf('\n', i) is var n and >= 0 ? n : s.Length;
            Blank(text, code, i, end);
            return end;
        }

        if (s[i] == '/' && At(s, i + 1) == '*')
        {
            var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal) is var n and >= 0 ? n + 2 : s.Length;
            Blank(text, code, i, end);
            return end;
        }

        if (s[i] == '\'')
        {
            var end = QuotedEnd(s, i, '\'');
            Blank(code, i + 1, end - 1);
            return end;
        }

        var prefix = i;
        while (prefix < s.Length && s[prefix] is '@' or '$')
        {
            prefix++;
        }

        if (At(s, prefix) != '"')
        {
            return prefix == i ? i + 1 : prefix;
        }

        var quotes = 0;
        while (At(s, prefix + quotes) == '"')
        {
            quotes++;
        }

        int close;
        if (quotes >= 3)
        {
            var fence = new string('"', quotes);
            close = s.IndexOf(fence, prefix + quotes, StringComparison.Ordinal) is var n and >= 0 ? n + quotes : s.Length;
            Blank(code, prefix + quotes, close - quotes);
            return close;
        }

        close = s.AsSpan(i, prefix - i).Contains('@') ? VerbatimEnd(s, prefix) : QuotedEnd(s, prefix, '"');
        Blank(code, prefix + 1, close - 1);
        return close;
    }

    /// <summary>The end (past the closing quote) of a regular literal; a line end also ends a broken one.</summary>
    static int QuotedEnd(string s, int open, char quote)
    {
        for (var i = open + 1; i < s.Length; i++)
        {
            if (s[i] == '\\')
            {
                i++;
            }
            else if (s[i] == quote || s[i] == '\n')
            {
                return i + 1;
            }
        }

        return s.Length;
    }

    static int VerbatimEnd(string s, int open)
    {
        for (var i = open + 1; i < s.Length; i++)
        {
            if (s[i] == '"')
            {
                if (At(s, i + 1) != '"')
                {
                    return i + 1;
                }

                i++;
            }
        }

        return s.Length;
    }

    /// <summary>When the line at <paramref name="i"/> is a preprocessor directive, where it ends.</summary>
    static int? DirectiveAt(string s, int i)
    {
        var j = i;
        while (j < s.Length && s[j] is ' ' or '\t')
        {
            j++;
        }

        return At(s, j) == '#' ? (s.IndexOf('\n', j) is var n and >= 0 ? n : s.Length) : null;
    }

    static int NextDirective(string s, int i)
    {
        for (var lineStart = i; lineStart < s.Length;)
        {
            if (DirectiveAt(s, lineStart) is not null && Word(s[lineStart..].TrimStart(' ', '\t')) is "#if" or "#elif" or "#else" or "#endif")
            {
                return lineStart;
            }

            lineStart = s.IndexOf('\n', lineStart) is var n and >= 0 ? n + 1 : s.Length;
        }

        return s.Length;
    }

    static void Apply(string directive, Stack<Conditional> conditionals)
    {
        var word = Word(directive);
        var expression = directive[word.Length..];
        var commentAt = expression.IndexOf("//", StringComparison.Ordinal);
        expression = (commentAt >= 0 ? expression[..commentAt] : expression).Trim();
        var parentActive = conditionals.Count == 0 || conditionals.Peek().Active;
        switch (word)
        {
            case "#if":
                conditionals.Push(Conditional.Start(parentActive, EnvironmentCondition.ReleaseSymbols(expression), directive));
                break;
            case "#elif" when conditionals.Count > 0:
                conditionals.Push(conditionals.Pop().Next(EnvironmentCondition.ReleaseSymbols(expression), directive));
                break;
            case "#else" when conditionals.Count > 0:
                conditionals.Push(conditionals.Pop().Next(Truth.True, directive));
                break;
            case "#endif" when conditionals.Count > 0:
                conditionals.Pop();
                break;
        }
    }

    static string Word(string directive)
    {
        var end = 1;
        while (end < directive.Length && char.IsLetter(directive[end]))
        {
            end++;
        }

        return directive[..end];
    }

    static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    static void Blank(char[] text, char[] code, int start, int end)
    {
        Blank(text, start, end);
        Blank(code, start, end);
    }

    static void Blank(char[] chars, int start, int end)
    {
        for (var i = start; i < end && i < chars.Length; i++)
        {
            if (chars[i] is not ('\n' or '\r'))
            {
                chars[i] = ' ';
            }
        }
    }

    /// <summary>One #if…#endif: whether its current branch is compiled in Release, and whether an earlier one was.</summary>
    sealed record Conditional(bool ParentActive, Truth Taken, bool Active, string Opening, string Directive)
    {
        public static Conditional Start(bool parentActive, Truth condition, string directive) =>
            new(parentActive, condition, parentActive && condition != Truth.False, directive, directive);

        // A branch whose condition is unknown (a symbol other than DEBUG or RELEASE) is kept, as if it compiled.
        public Conditional Next(Truth condition, string directive) =>
            new(ParentActive, Taken.Or(condition), ParentActive && Taken != Truth.True && condition != Truth.False, Opening, directive);

        public string Description => Directive == Opening ? Opening : $"{Directive} of {Opening}";
    }
}
