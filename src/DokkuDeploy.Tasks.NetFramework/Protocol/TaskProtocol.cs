namespace DokkuDeploy.Tasks.Protocol;

/// <summary>
/// The line protocol between the .NET Framework shim and `DokkuDeploy.Cli run-task`, compiled into both.
/// The shim writes the parameters as one JSON line on the child's stdin, then at most the line
/// <see cref="CancelCommand"/>. The child writes one record per stdout line: <see cref="Prefix"/>, a kind
/// (<see cref="Message"/>, <see cref="Warning"/>, <see cref="Error"/>, <see cref="Output"/>) and its fields,
/// tab-separated, each field escaped so that it holds no tab or line break. Any other stdout line is plain
/// output of the child, relayed as a low-importance message.
/// </summary>
static class TaskProtocol
{
    public const string Prefix = "@dokku";

    public const string CancelCommand = "cancel";

    /// <summary>Fields: importance (high, normal, low), text.</summary>
    public const string Message = "message";

    /// <summary>Fields: code, help link, text.</summary>
    public const string Warning = "warning";

    /// <summary>Fields: code, help link, text.</summary>
    public const string Error = "error";

    /// <summary>Fields: parameter name, value. An array output is one record per element, in order.</summary>
    public const string Output = "output";

    public static string Format(string kind, params string?[] fields)
    {
        var line = new System.Text.StringBuilder(Prefix).Append('\t').Append(kind);
        foreach (var field in fields)
        {
            line.Append('\t');
            Escape(field ?? "", line);
        }

        return line.ToString();
    }

    /// <summary>The kind and fields of a record line; null for a line that is not a record.</summary>
    public static string[]? Parse(string line)
    {
        if (!line.StartsWith(Prefix + "\t", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = line.Substring(Prefix.Length + 1).Split('\t');
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = Unescape(parts[i]);
        }

        return parts;
    }

    static void Escape(string text, System.Text.StringBuilder into)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': into.Append("\\\\"); break;
                case '\t': into.Append("\\t"); break;
                case '\n': into.Append("\\n"); break;
                case '\r': into.Append("\\r"); break;
                default: into.Append(c); break;
            }
        }
    }

    static string Unescape(string field)
    {
        if (field.IndexOf('\\') < 0)
        {
            return field;
        }

        var text = new System.Text.StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            var c = field[i];
            if (c != '\\' || i + 1 == field.Length)
            {
                text.Append(c);
                continue;
            }

            i++;
            text.Append(field[i] switch { 't' => '\t', 'n' => '\n', 'r' => '\r', var other => other });
        }

        return text.ToString();
    }
}
