namespace DokkuDeploy.Core.Dockerfiles;

/// <summary>
/// Three-valued logic for conditions read from source: what an environment check or a preprocessor
/// symbol says in a Release build running in Production, and Unknown for whatever else the app decides.
/// </summary>
enum Truth
{
    False,
    Unknown,
    True,
}

static class TruthLogic
{
    public static Truth Not(this Truth value) => value switch
    {
        Truth.True => Truth.False,
        Truth.False => Truth.True,
        _ => Truth.Unknown,
    };

    public static Truth And(this Truth left, Truth right) =>
        left == Truth.False || right == Truth.False ? Truth.False
        : left == Truth.True && right == Truth.True ? Truth.True
        : Truth.Unknown;

    public static Truth Or(this Truth left, Truth right) => left.Not().And(right.Not()).Not();

    /// <summary>
    /// Evaluates a C# or preprocessor boolean expression: <c>!</c>, <c>&amp;&amp;</c>, <c>||</c> and parentheses
    /// over operands that <paramref name="operand"/> judges ("app.Environment.IsDevelopment()", "DEBUG").
    /// </summary>
    public static Truth Evaluate(string expression, Func<string, Truth> operand)
    {
        var position = 0;
        var value = Or(expression, ref position, operand);
        return position >= expression.Length ? value : Truth.Unknown;
    }

    static Truth Or(string s, ref int i, Func<string, Truth> operand)
    {
        var value = And(s, ref i, operand);
        while (Accept(s, ref i, "||"))
        {
            value = value.Or(And(s, ref i, operand));
        }

        return value;
    }

    static Truth And(string s, ref int i, Func<string, Truth> operand)
    {
        var value = Unary(s, ref i, operand);
        while (Accept(s, ref i, "&&"))
        {
            value = value.And(Unary(s, ref i, operand));
        }

        return value;
    }

    static Truth Unary(string s, ref int i, Func<string, Truth> operand)
    {
        SkipSpace(s, ref i);
        if (i < s.Length && s[i] == '!' && (i + 1 >= s.Length || s[i + 1] != '='))
        {
            i++;
            return Unary(s, ref i, operand).Not();
        }

        var start = i;
        var end = OperandEnd(s, i);
        i = end;
        var text = s[start..end].Trim();
        // "(a || b)" is a group; "(x).IsDevelopment()" is one operand.
        if (text.StartsWith('(') && MatchingParen(text, 0) == text.Length - 1)
        {
            var inner = text[1..^1];
            return Evaluate(inner, operand);
        }

        return text.Length == 0 ? Truth.Unknown : operand(text);
    }

    /// <summary>Where an operand ends: at && or || or an unmatched ')' outside parentheses and literals.</summary>
    static int OperandEnd(string s, int i)
    {
        var depth = 0;
        for (; i < s.Length; i++)
        {
            switch (s[i])
            {
                case '"':
                    i = s.IndexOf('"', i + 1) is var close and >= 0 ? close : s.Length;
                    break;
                case '(' or '[':
                    depth++;
                    break;
                case ')' or ']' when depth == 0:
                    return i;
                case ')' or ']':
                    depth--;
                    break;
                case '&' or '|' when depth == 0 && i + 1 < s.Length && s[i + 1] == s[i]:
                    return i;
            }
        }

        return s.Length;
    }

    static int MatchingParen(string s, int open)
    {
        var depth = 0;
        for (var i = open; i < s.Length; i++)
        {
            if (s[i] == '"')
            {
                i = s.IndexOf('"', i + 1) is var close and >= 0 ? close : s.Length;
            }
            else if (s[i] == '(')
            {
                depth++;
            }
            else if (s[i] == ')' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    static bool Accept(string s, ref int i, string token)
    {
        SkipSpace(s, ref i);
        if (string.CompareOrdinal(s, i, token, 0, token.Length) != 0)
        {
            return false;
        }

        i += token.Length;
        return true;
    }

    static void SkipSpace(string s, ref int i)
    {
        while (i < s.Length && char.IsWhiteSpace(s[i]))
        {
            i++;
        }
    }
}
