using System.Text;

namespace DokkuDeploy.Core.BuildContext;

/// <summary>
/// Rewrites the regular expression Docker builds from a .dockerignore pattern (Go's regexp, RE2 syntax
/// with Go's Perl flags) as a .NET pattern that matches the same paths. The two engines share a notation
/// but not its meaning: Go's \d \w \s \b are ASCII, it knows POSIX classes, \Q…\E and \x{…}, its classes
/// hold code points rather than UTF-16 units, and it refuses escapes .NET accepts. Everything is parsed
/// here and written out in .NET terms that have one meaning only.
/// </summary>
internal sealed class GoRegexTranslator
{
    private const string WordChars = "[0-9A-Za-z_]";

    private readonly int[] _runes;
    private readonly StringBuilder _output = new();
    private int _at;
    private bool _lookaround;

    private GoRegexTranslator(string goRegex)
    {
        _runes = goRegex.EnumerateRunes().Select(r => r.Value).ToArray();
    }

    /// <summary>The .NET pattern, and whether it needs lookarounds (Go's ASCII \b), which only the backtracking engine has.</summary>
    /// <exception cref="GoRegexException">Go refuses the expression, or it uses what cannot be reproduced here.</exception>
    public static (string Pattern, bool NeedsLookaround) Translate(string goRegex)
    {
        var translator = new GoRegexTranslator(goRegex);
        translator.Alternation(depth: 0);
        if (translator._at < translator._runes.Length)
        {
            throw GoRegexException.Refused("unexpected )");
        }

        return (translator._output.ToString(), translator._lookaround);
    }

    private int? Peek(int offset = 0) => _at + offset < _runes.Length ? _runes[_at + offset] : null;

    private void Alternation(int depth)
    {
        var atomStart = -1; // where the last quantifiable atom begins in the output
        while (Peek() is { } c)
        {
            switch (c)
            {
                case '|':
                    _at++;
                    _output.Append('|');
                    atomStart = -1;
                    continue;
                case ')':
                    if (depth == 0)
                    {
                        throw GoRegexException.Refused("unexpected )");
                    }

                    return;
                case '*' or '+' or '?':
                    _at++;
                    Quantifier(atomStart, ((char)c).ToString());
                    continue;
                case '{' when Repeat() is { } repeat:
                    Quantifier(atomStart, repeat);
                    continue;
            }

            atomStart = Atom(depth, atomStart);
        }

        if (depth > 0)
        {
            throw GoRegexException.Refused("missing closing )");
        }
    }

    private void Quantifier(int atomStart, string quantifier)
    {
        if (atomStart < 0)
        {
            throw GoRegexException.Refused("missing argument to repetition operator");
        }

        _output.Append(quantifier);
        if (Peek() == '?')
        {
            _at++; // non-greedy: the same set of matches
        }

        var at = _at;
        if (Peek() is '*' or '+' or '?' || (Peek() == '{' && Repeat() is not null))
        {
            throw GoRegexException.Refused("invalid nested repetition operator");
        }

        _at = at;
    }

    // Go's parseRepeat: {n}, {n,} or {n,m} (no leading zeros, at most 1000); anything else is a literal '{'.
    private string? Repeat()
    {
        var at = _at + 1;
        int? Number()
        {
            var start = at;
            while (at < _runes.Length && _runes[at] is >= '0' and <= '9')
            {
                at++;
            }

            if (at == start || (at - start > 1 && _runes[start] == '0'))
            {
                return null;
            }

            return at - start > 8 ? int.MaxValue : int.Parse(string.Concat(_runes[start..at].Select(r => (char)r)), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (Number() is not { } min)
        {
            return null;
        }

        int? max = min;
        if (at < _runes.Length && _runes[at] == ',')
        {
            at++;
            max = at < _runes.Length && _runes[at] == '}' ? null : Number() ?? -2;
            if (max == -2)
            {
                return null;
            }
        }

        if (at >= _runes.Length || _runes[at] != '}')
        {
            return null;
        }

        if (min > 1000 || max > 1000 || (max is { } m && min > m))
        {
            throw GoRegexException.Refused("invalid repeat count");
        }

        _at = at + 1;
        return max == min ? $"{{{min}}}" : $"{{{min},{max}}}";
    }

    // Writes one atom; returns where the piece a following quantifier repeats begins (for \Q…\E its last
    // literal, or the previous atom when it quoted nothing, as in Go).
    private int Atom(int depth, int previousAtom)
    {
        var start = _output.Length;
        var c = _runes[_at++];
        switch (c)
        {
            case '(':
                if (Peek() == '?')
                {
                    if (Peek(1) != ':')
                    {
                        throw GoRegexException.Unsupported("a group with flags or a name");
                    }

                    _at += 2;
                }

                _output.Append("(?:");
                Alternation(depth + 1);
                if (Peek() != ')')
                {
                    throw GoRegexException.Refused("missing closing )");
                }

                _at++;
                _output.Append(')');
                return start;
            case '.':
                _output.Append(RuneSet.Of(0, '\n' - 1).Add('\n' + 1, RuneSet.MaxRune).ToPattern());
                return start;
            case '^':
                _output.Append(@"(?:\A)"); // grouped: Go lets a repetition follow an assertion
                return start;
            case '$':
                _output.Append(@"(?:\z)");
                return start;
            case '[':
                _output.Append(Class().ToPattern());
                return start;
            case '\\':
                return Escape(start, previousAtom);
            default:
                _output.Append(RuneSet.Literal(c));
                return start;
        }
    }

    private int Escape(int start, int previousAtom)
    {
        switch (Peek())
        {
            case null:
                throw GoRegexException.Refused("trailing backslash at end of expression");
            case 'A':
                _at++;
                _output.Append(@"\A");
                return start;
            case 'z':
                _at++;
                _output.Append(@"\z");
                return start;
            case 'b' or 'B':
                _lookaround = true;
                var boundary = Peek() == 'b';
                _at++;
                _output.Append(boundary
                    ? $"(?:(?<={WordChars})(?!{WordChars})|(?<!{WordChars})(?={WordChars}))"
                    : $"(?:(?<={WordChars})(?={WordChars})|(?<!{WordChars})(?!{WordChars}))");
                return start;
            case 'C':
                throw GoRegexException.Refused(@"invalid escape sequence: \C");
            case 'Q':
                _at++;
                return QuotedLiterals() ?? previousAtom;
        }

        _at--; // back to the backslash: the class escapes below read it themselves
        if (UnicodeClass() is { } unicode)
        {
            _output.Append(unicode.ToPattern());
        }
        else if (PerlClass() is { } perl)
        {
            _output.Append(perl.ToPattern());
        }
        else
        {
            _output.Append(RuneSet.Literal(EscapedRune()));
        }

        return start;
    }

    // \Q…\E: up to \E (or the end of the whole expression, Docker's closing "$" included) everything is literal.
    private int? QuotedLiterals()
    {
        int? last = null;
        while (Peek() is { } c)
        {
            if (c == '\\' && Peek(1) == 'E')
            {
                _at += 2;
                break;
            }

            _at++;
            last = _output.Length;
            _output.Append(RuneSet.Literal(c));
        }

        return last;
    }

    private RuneSet Class()
    {
        var set = new RuneSet();
        var negated = Peek() == '^';
        if (negated)
        {
            _at++;
        }

        var first = true;
        while (Peek() != ']' || first)
        {
            if (Peek() is null)
            {
                throw GoRegexException.Refused("missing closing ]");
            }

            first = false;
            if (Peek() == '[' && Peek(1) == ':' && PosixClass() is { } posix)
            {
                set.Add(posix);
            }
            else if (UnicodeClass() is { } unicode)
            {
                set.Add(unicode);
            }
            else if (PerlClass() is { } perl)
            {
                set.Add(perl);
            }
            else
            {
                var lo = ClassChar();
                var hi = lo;
                if (Peek() == '-' && Peek(1) is { } next && next != ']')
                {
                    _at++;
                    hi = ClassChar();
                    if (hi < lo)
                    {
                        throw GoRegexException.Refused("invalid character class range");
                    }
                }

                set.Add(lo, hi);
            }
        }

        _at++; // ']'
        return negated ? set.Negate() : set;
    }

    private int ClassChar()
    {
        if (Peek() is not { } c)
        {
            throw GoRegexException.Refused("missing closing ]");
        }

        if (c == '\\')
        {
            return EscapedRune();
        }

        _at++;
        return c;
    }

    // [:alpha:] and friends, ASCII only as in Go; "[:" without a later ":]" is a plain '['.
    private RuneSet? PosixClass()
    {
        var close = -1;
        for (var i = _at + 2; i + 1 < _runes.Length; i++)
        {
            if (_runes[i] == ':' && _runes[i + 1] == ']')
            {
                close = i;
                break;
            }
        }

        if (close < 0)
        {
            return null;
        }

        var name = string.Concat(_runes[(_at + 2)..close].Select(r => char.ConvertFromUtf32(r)));
        _at = close + 2;
        var negated = name.StartsWith('^');
        var set = GoCharacterClasses.Posix(negated ? name[1..] : name)
            ?? throw GoRegexException.Refused($"invalid character class range: [:{name}:]");
        return negated ? set.Negate() : set;
    }

    // \pL, \PL, \p{Name}, \p{^Name}.
    private RuneSet? UnicodeClass()
    {
        if (Peek() != '\\' || Peek(1) is not ('p' or 'P'))
        {
            return null;
        }

        var negated = Peek(1) == 'P';
        _at += 2;
        string name;
        if (Peek() is not { } c)
        {
            throw GoRegexException.Refused("invalid character class range");
        }

        if (c != '{')
        {
            _at++;
            name = char.ConvertFromUtf32(c);
        }
        else
        {
            var close = Array.IndexOf(_runes, '}', _at);
            if (close < 0)
            {
                throw GoRegexException.Refused("invalid character class range");
            }

            name = string.Concat(_runes[(_at + 1)..close].Select(r => char.ConvertFromUtf32(r)));
            _at = close + 1;
            if (name.StartsWith('^'))
            {
                negated = !negated;
                name = name[1..];
            }
        }

        var set = GoCharacterClasses.Unicode(name);
        return negated ? set.Negate() : set;
    }

    private RuneSet? PerlClass()
    {
        if (Peek() != '\\' || Peek(1) is not { } c || GoCharacterClasses.Perl(c) is not { } set)
        {
            return null;
        }

        _at += 2;
        return set;
    }

    // Go's parseEscape: one escaped code point, or Go refuses the expression.
    private int EscapedRune()
    {
        _at++; // '\'
        if (Peek() is not { } c)
        {
            throw GoRegexException.Refused("trailing backslash at end of expression");
        }

        _at++;
        if (c < 0x80 && !char.IsAsciiLetterOrDigit((char)c))
        {
            return c;
        }

        switch (c)
        {
            case >= '1' and <= '7' when Peek() is not (>= '0' and <= '7'):
                break; // a backreference, which Go does not have
            case >= '0' and <= '7':
                var value = c - '0';
                for (var digits = 1; digits < 3 && Peek() is >= '0' and <= '7'; digits++)
                {
                    value = (value * 8) + (_runes[_at++] - '0');
                }

                return value;
            case 'x':
                if (HexEscape() is { } hex)
                {
                    return hex;
                }

                break;
            case 'a': return '\a';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'v': return '\v';
        }

        throw GoRegexException.Refused($"invalid escape sequence: \\{char.ConvertFromUtf32(c)}");
    }

    private int? HexEscape()
    {
        if (Peek() == '{')
        {
            _at++;
            var value = 0;
            var digits = 0;
            while (Peek() is { } d && d != '}')
            {
                _at++;
                if (d > 0x7F || !char.IsAsciiHexDigit((char)d))
                {
                    return null;
                }

                value = (value * 16) + Convert.ToInt32(((char)d).ToString(), 16);
                if (value > RuneSet.MaxRune)
                {
                    return null;
                }

                digits++;
            }

            if (Peek() != '}' || digits == 0)
            {
                return null;
            }

            _at++;
            return value;
        }

        if (Peek() is { } x && Peek(1) is { } y && x < 0x80 && y < 0x80 && char.IsAsciiHexDigit((char)x) && char.IsAsciiHexDigit((char)y))
        {
            _at += 2;
            return Convert.ToInt32($"{(char)x}{(char)y}", 16);
        }

        return null;
    }
}

/// <summary>Why a Go regular expression cannot be used: Go refuses it too, or it cannot be reproduced in .NET.</summary>
internal sealed class GoRegexException(string message, bool goRefusesIt) : Exception(message)
{
    /// <summary>True when Go's regexp rejects the expression, so Docker refuses the .dockerignore as well.</summary>
    public bool GoRefusesIt { get; } = goRefusesIt;

    public static GoRegexException Refused(string message) => new(message, goRefusesIt: true);

    public static GoRegexException Unsupported(string message) => new(message, goRefusesIt: false);
}
