using System.Formats.Tar;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>What the docker CLI uploaded for one case: a context tar and its dockerfile parameter, or a refusal.</summary>
sealed record DockerSide(byte[]? Tar, string? Dockerfile, int ExitCode, string Error);

/// <summary>What DokkuDeploy made for one case, and every warning it logged.</summary>
sealed record OurSide(byte[]? Tar, string? Dockerfile, string? ErrorCode, string? Error, IReadOnlyList<(string Code, string Message)> Warnings)
{
    public bool Warned(string code) => Warnings.Any(w => w.Code == code);
}

enum Verdict
{
    /// <summary>The same entries, modes, links and Dockerfile, or both refused.</summary>
    Same,

    /// <summary>Differs only where DokkuDeploy differs on purpose, and it said so with the differences' code.</summary>
    Deliberate,

    Differ,
}

sealed record Outcome(int Index, ParityCase Case, Verdict Verdict, string Description);

/// <summary>
/// Compares the two contexts entry by entry (type, name, mode with setuid/setgid/sticky, size, link target,
/// the security.capability xattr) and sorts every difference into a deliberate one or a real one.
/// </summary>
static class DockerIgnoreParityComparison
{
    /// <summary>Differences DokkuDeploy makes on purpose, each named by the warning it logs (or by none, when it is silent by design).</summary>
    public static readonly IReadOnlyDictionary<string, string> DeliberateReasons = new Dictionary<string, string>
    {
        ["parent"] = "a parent directory entry Docker leaves out is added, so extracted directories get a fixed time (reproducible layers)",
        ["write"] = "group and other write bits are cleared, so umask 002 and 022 give the same image",
        ["DOKKU2102"] = "FIFOs and sockets are left out (DOKKU2102)",
        ["DOKKU2103"] = "names that are not UTF-8 are left out (DOKKU2103)",
        ["DOKKU2105"] = "a .dockerignore linked outside the context is not read: the build is refused (DOKKU2105)",
        ["DOKKU2107"] = "an RE2 feature DokkuDeploy cannot reproduce exactly: the build is refused (DOKKU2107)",
        ["DOKKU2108"] = "file capabilities (security.capability) are not sent (DOKKU2108)",
    };

    sealed record Entry(char Type, string Name, int Mode, long Size, string Link, bool Capability)
    {
        public override string ToString() =>
            $"{Type} {Name} {Convert.ToString(Mode, 8)}{(Type == 'f' ? $" {Size}B" : "")}{(Link.Length > 0 ? " -> " + Link : "")}{(Capability ? " +cap" : "")}";
    }

    public static Outcome Compare(int index, ParityCase @case, DockerSide docker, OurSide ours)
    {
        Outcome Result(Verdict verdict, string what) => new(index, @case, verdict, $"[{index}] \"{@case.Label}\": {what}");

        if (docker.Tar is null)
        {
            return ours.Tar is null
                ? Result(Verdict.Same, $"both refuse (docker exit {docker.ExitCode}; {ours.ErrorCode})")
                : Result(Verdict.Differ, $"docker refuses it (exit {docker.ExitCode}: {Short(docker.Error)}), we send a context");
        }

        if (ours.Tar is null)
        {
            return ours.ErrorCode is { } code && DeliberateReasons.TryGetValue(code, out var why)
                ? Result(Verdict.Deliberate, why)
                : Result(Verdict.Differ, $"docker sends a context, we refuse it: {ours.ErrorCode}: {Short(ours.Error)}");
        }

        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        var real = new List<string>();
        if (docker.Dockerfile != ours.Dockerfile)
            real.Add($"dockerfile={docker.Dockerfile} vs ours {ours.Dockerfile}");

        var theirs = Read(docker.Tar);
        var mine = Read(ours.Tar);
        foreach (var name in theirs.Keys.Union(mine.Keys).Order(StringComparer.Ordinal))
        {
            theirs.TryGetValue(name, out var d);
            mine.TryGetValue(name, out var o);
            if (d == o)
                continue;
            if (Explain(d, o, theirs, mine, ours) is { } reason)
                reasons.Add(reason);
            else
                real.Add($"docker [{d}] vs ours [{o}]");
        }

        if (real.Count > 0)
            return Result(Verdict.Differ, string.Join("; ", real.Take(12)) + (real.Count > 12 ? $" (+{real.Count - 12} more)" : ""));
        return reasons.Count == 0
            ? Result(Verdict.Same, "same")
            : Result(Verdict.Deliberate, string.Join("; ", reasons.Select(r => DeliberateReasons[r])));
    }

    static string? Explain(Entry? d, Entry? o, Dictionary<string, Entry> theirs, Dictionary<string, Entry> mine, OurSide ours)
    {
        if (d is null && o is { Type: 'd', Mode: 0b111_101_101 } && theirs.Keys.Any(k => k.StartsWith(o.Name + "/", StringComparison.Ordinal) && mine.ContainsKey(k)))
            return "parent";
        if (d is not null && o is not null && d with { Mode = o.Mode, Capability = o.Capability } == o)
        {
            var modeOk = d.Mode == o.Mode || (d.Mode & ~0b000_010_010) == o.Mode;
            var capabilityOk = d.Capability == o.Capability || (d.Capability && ours.Warned("DOKKU2108"));
            if (modeOk && capabilityOk)
                return d.Mode != o.Mode ? "write" : "DOKKU2108";
            return null;
        }

        if (d is not null && o is null)
        {
            if (d.Type is 'p' or 's' && ours.Warned("DOKKU2102"))
                return "DOKKU2102";
            if (d.Name.Contains('\uFFFD') && ours.Warned("DOKKU2103"))
                return "DOKKU2103";
        }

        return null;
    }

    static Dictionary<string, Entry> Read(byte[] tar)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            var name = entry.Name.TrimEnd('/');
            var type = entry.EntryType switch
            {
                TarEntryType.Directory => 'd',
                TarEntryType.SymbolicLink => 'l',
                TarEntryType.Fifo => 'p',
                TarEntryType.HardLink => 'h',
                TarEntryType.CharacterDevice or TarEntryType.BlockDevice => 'c',
                _ => 'f',
            };
            var capability = entry is PaxTarEntry pax && pax.ExtendedAttributes.ContainsKey("SCHILY.xattr.security.capability");
            entries[name] = new Entry(type, name, (int)entry.Mode, type == 'f' ? entry.Length : 0, entry.LinkName ?? "", capability);
        }

        return entries;
    }

    static string Short(string? text)
    {
        var line = (text ?? "").Trim().Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
