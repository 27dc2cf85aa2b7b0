using System.Globalization;
using System.Text;

namespace DokkuDeploy.Core.BuildContext;

/// <summary>
/// A set of Unicode code points as sorted, disjoint ranges: what a Go regexp character class is. Written
/// out as a .NET pattern that matches one whole code point (a surrogate pair counts once), because .NET's
/// own classes see UTF-16 units and would split a character outside the BMP in two.
/// </summary>
internal sealed class RuneSet
{
    public const int MaxRune = 0x10FFFF;

    private static readonly Dictionary<UnicodeCategory, RuneSet> CategoryCache = [];

    private readonly List<(int Lo, int Hi)> _ranges = [];

    public static RuneSet Of(int lo, int hi) => new RuneSet().Add(lo, hi);

    public static RuneSet Of(params (int Lo, int Hi)[] ranges)
    {
        var set = new RuneSet();
        foreach (var (lo, hi) in ranges)
        {
            set.Add(lo, hi);
        }

        return set;
    }

    /// <summary>Every code point of a general category, by the runtime's Unicode tables.</summary>
    public static RuneSet Category(UnicodeCategory category)
    {
        lock (CategoryCache)
        {
            if (CategoryCache.TryGetValue(category, out var cached))
            {
                return cached;
            }

            var set = new RuneSet();
            var start = -1;
            for (var c = 0; c <= MaxRune + 1; c++)
            {
                var inside = c <= MaxRune && CategoryOf(c) == category;
                if (inside && start < 0)
                {
                    start = c;
                }
                else if (!inside && start >= 0)
                {
                    set._ranges.Add((start, c - 1));
                    start = -1;
                }
            }

            CategoryCache[category] = set;
            return set;
        }
    }

    public RuneSet Add(int lo, int hi)
    {
        _ranges.Add((lo, hi));
        Normalize();
        return this;
    }

    public RuneSet Add(RuneSet other)
    {
        _ranges.AddRange(other._ranges);
        Normalize();
        return this;
    }

    public RuneSet Negate()
    {
        var negated = new RuneSet();
        var next = 0;
        foreach (var (lo, hi) in _ranges)
        {
            if (lo > next)
            {
                negated._ranges.Add((next, lo - 1));
            }

            next = hi + 1;
        }

        if (next <= MaxRune)
        {
            negated._ranges.Add((next, MaxRune));
        }

        return negated;
    }

    /// <summary>A .NET pattern matching exactly one code point of the set (surrogate code points never match: valid text has none).</summary>
    public string ToPattern()
    {
        var bmp = new StringBuilder();
        var astral = new List<string>();
        foreach (var (lo, hi) in _ranges)
        {
            AppendBmp(bmp, lo, Math.Min(hi, 0xD7FF));
            AppendBmp(bmp, Math.Max(lo, 0xE000), Math.Min(hi, 0xFFFF));
            AppendAstral(astral, Math.Max(lo, 0x10000), hi);
        }

        var alternatives = new List<string>();
        if (bmp.Length > 0)
        {
            alternatives.Add("[" + bmp + "]");
        }

        alternatives.AddRange(astral);
        return alternatives.Count switch
        {
            0 => @"[^\u0000-\uFFFF]", // nothing matches
            1 => alternatives[0],
            _ => "(?:" + string.Join('|', alternatives) + ")",
        };
    }

    /// <summary>A .NET pattern for the one literal code point <paramref name="rune"/>.</summary>
    public static string Literal(int rune) => rune switch
    {
        >= 0xD800 and <= 0xDFFF => @"[^\u0000-\uFFFF]", // a surrogate code point: no valid text holds one
        < 0x10000 => Unit(rune),
        _ => $"(?:{Unit(0xD800 + ((rune - 0x10000) >> 10))}{Unit(0xDC00 + ((rune - 0x10000) & 0x3FF))})",
    };

    private static void AppendBmp(StringBuilder bmp, int lo, int hi)
    {
        if (lo > hi)
        {
            return;
        }

        bmp.Append(Unit(lo));
        if (hi > lo)
        {
            bmp.Append('-').Append(Unit(hi));
        }
    }

    private static void AppendAstral(List<string> alternatives, int lo, int hi)
    {
        if (lo > hi)
        {
            return;
        }

        int HighOf(int c) => 0xD800 + ((c - 0x10000) >> 10);
        int LowOf(int c) => 0xDC00 + ((c - 0x10000) & 0x3FF);
        var (firstHigh, lastHigh) = (HighOf(lo), HighOf(hi));
        if (firstHigh == lastHigh)
        {
            alternatives.Add(Unit(firstHigh) + Class(LowOf(lo), LowOf(hi)));
            return;
        }

        var fullFrom = firstHigh;
        if (LowOf(lo) != 0xDC00)
        {
            alternatives.Add(Unit(firstHigh) + Class(LowOf(lo), 0xDFFF));
            fullFrom++;
        }

        var fullTo = lastHigh;
        string? last = null;
        if (LowOf(hi) != 0xDFFF)
        {
            last = Unit(lastHigh) + Class(0xDC00, LowOf(hi));
            fullTo--;
        }

        if (fullFrom <= fullTo)
        {
            alternatives.Add(Class(fullFrom, fullTo) + Class(0xDC00, 0xDFFF));
        }

        if (last is not null)
        {
            alternatives.Add(last);
        }
    }

    private static string Class(int lo, int hi) => lo == hi ? Unit(lo) : $"[{Unit(lo)}-{Unit(hi)}]";

    private static string Unit(int c) => $"\\u{c:X4}";

    private static UnicodeCategory CategoryOf(int c) =>
        c is >= 0xD800 and <= 0xDFFF ? UnicodeCategory.Surrogate : Rune.GetUnicodeCategory(new Rune(c));

    private void Normalize()
    {
        _ranges.Sort();
        var merged = new List<(int Lo, int Hi)>(_ranges.Count);
        foreach (var range in _ranges)
        {
            if (merged.Count > 0 && range.Lo <= merged[^1].Hi + 1)
            {
                merged[^1] = (merged[^1].Lo, Math.Max(merged[^1].Hi, range.Hi));
            }
            else
            {
                merged.Add(range);
            }
        }

        _ranges.Clear();
        _ranges.AddRange(merged);
    }
}
