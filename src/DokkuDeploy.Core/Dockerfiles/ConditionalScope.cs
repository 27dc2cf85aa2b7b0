using System.Text.RegularExpressions;

namespace DokkuDeploy.Core.Dockerfiles;

/// <summary>
/// The if/else clauses a statement runs under, read from the braces and the statements around it: blocks,
/// single statements, else and else-if chains, nested to any depth. Not a C# parser: it answers one
/// question, whether an environment check keeps a line of code from running in the deployed app.
/// </summary>
sealed partial class ConditionalScope(CSharpSourceView view, string environment)
{
    readonly Dictionary<int, int> openOf = MatchBraces(view.Code);

    /// <summary>The first clause that is false in the environment around <paramref name="offset"/> ("if (env.IsDevelopment())"), or null.</summary>
    public string? GuardAgainst(int offset)
    {
        foreach (var (start, end) in ClauseRanges(offset))
        {
            foreach (var clause in Clauses(start, end))
            {
                if (clause.Value == Truth.False)
                {
                    return clause.Description;
                }
            }
        }

        return null;
    }

    /// <summary>The statement's own leading text, then the header of each enclosing block, innermost first.</summary>
    IEnumerable<(int Start, int End)> ClauseRanges(int offset)
    {
        yield return (StatementStart(offset), offset);
        var open = new Stack<int>();
        for (var i = 0; i < offset; i++)
        {
            if (view.Code[i] == '{')
            {
                open.Push(i);
            }
            else if (view.Code[i] == '}' && open.Count > 0)
            {
                open.Pop();
            }
        }

        foreach (var brace in open)
        {
            yield return (StatementStart(brace), brace);
        }
    }

    /// <summary>Past the last ; { or } before <paramref name="end"/> that is not inside parentheses.</summary>
    int StatementStart(int end)
    {
        var depth = 0;
        for (var i = end - 1; i >= 0; i--)
        {
            switch (view.Code[i])
            {
                case ')':
                    depth++;
                    break;
                case '(':
                    depth--;
                    break;
                case ';' or '{' or '}' when depth <= 0:
                    return i + 1;
            }
        }

        return 0;
    }

    IEnumerable<Clause> Clauses(int start, int end)
    {
        var i = start;
        while (true)
        {
            var match = Keyword().Match(view.Code, i, end - i);
            if (!match.Success)
            {
                yield break;
            }

            if (match.Length == 0 || !(match.Groups["if"].Success || match.Groups["else"].Success))
            {
                yield break;
            }

            var elseAt = match.Groups["else"].Success ? match.Groups["else"].Index : (int?)null;
            if (!match.Groups["if"].Success)
            {
                yield return new Clause(Before(elseAt!.Value).Not(), $"else of {Describe(elseAt.Value)}");
                i = match.Index + match.Length;
                continue;
            }

            var open = match.Index + match.Length - 1;
            var close = ClosingParen(open, end);
            if (close < 0)
            {
                yield break;
            }

            var condition = view.Text[(open + 1)..close].Trim();
            var value = EnvironmentCondition.Evaluate(condition, environment);
            yield return elseAt is { } at
                ? new Clause(Before(at).Not().And(value), $"else if ({condition}) of {Describe(at)}")
                : new Clause(value, $"if ({condition})");
            i = close + 1;
        }
    }

    /// <summary>What the if…else-if chain that ends before the else at <paramref name="elseAt"/> says: true when one of its branches ran.</summary>
    Truth Before(int elseAt) => ChainHeader(elseAt) is { } header ? Chain(header.Start, header.End) : Truth.Unknown;

    Truth Chain(int start, int end) => LeadingIf(start, end) is { } leading
        ? (leading.ElseAt is { } at ? Before(at).Or(EnvironmentCondition.Evaluate(leading.Condition, environment)) : EnvironmentCondition.Evaluate(leading.Condition, environment))
        : Truth.Unknown;

    string Describe(int elseAt) =>
        ChainHeader(elseAt) is { } header && LeadingIf(header.Start, header.End) is { } leading ? $"if ({leading.Condition})" : "an if";

    (int? ElseAt, string Condition)? LeadingIf(int start, int end)
    {
        var match = Keyword().Match(view.Code, start, end - start);
        if (!match.Groups["if"].Success || ClosingParen(match.Index + match.Length - 1, end) is not (var close and >= 0))
        {
            return null;
        }

        return (match.Groups["else"].Success ? match.Groups["else"].Index : null, view.Text[(match.Index + match.Length)..close].Trim());
    }

    /// <summary>The if statement an else follows: the header of the block that closes before it, or the single statement before it.</summary>
    (int Start, int End)? ChainHeader(int elseAt)
    {
        var i = elseAt - 1;
        while (i >= 0 && char.IsWhiteSpace(view.Code[i]))
        {
            i--;
        }

        if (i < 0)
        {
            return null;
        }

        if (view.Code[i] == '}' && openOf.TryGetValue(i, out var open))
        {
            return (StatementStart(open), open);
        }

        return view.Code[i] == ';' ? (StatementStart(i), i) : null;
    }

    int ClosingParen(int open, int limit)
    {
        var depth = 0;
        for (var i = open; i < limit; i++)
        {
            if (view.Code[i] == '(')
            {
                depth++;
            }
            else if (view.Code[i] == ')' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    static Dictionary<int, int> MatchBraces(string code)
    {
        var pairs = new Dictionary<int, int>();
        var open = new Stack<int>();
        for (var i = 0; i < code.Length; i++)
        {
            if (code[i] == '{')
            {
                open.Push(i);
            }
            else if (code[i] == '}' && open.Count > 0)
            {
                pairs[i] = open.Pop();
            }
        }

        return pairs;
    }

    readonly record struct Clause(Truth Value, string Description);

    /// <summary>A leading "if (", "else if (" or "else" of a statement (only whitespace before it).</summary>
    [GeneratedRegex(@"\G\s*(?:(?<else>else)\b\s*)?(?:(?<if>if)\s*\()?")]
    private static partial Regex Keyword();
}
