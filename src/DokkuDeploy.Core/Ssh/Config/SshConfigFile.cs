using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Ssh.Config;

/// <summary>
/// An ssh_config file split into keyword lines the way OpenSSH's readconf.c splits them: <c>Keyword value</c> or
/// <c>Keyword=value</c>, keywords in any case, "double" and 'single' quotes, backslash escapes, and <c>#</c> comments
/// (a whole line, or from an argument that begins with <c>#</c>). What the keywords mean is <see cref="SshConfigResolver"/>'s job.
/// </summary>
public sealed class SshConfigFile
{
    private SshConfigFile(string path, IReadOnlyList<SshConfigLine> lines)
    {
        Path = path;
        Lines = lines;
    }

    public string Path { get; }

    public IReadOnlyList<SshConfigLine> Lines { get; }

    /// <summary>Reads a file; null when it does not exist.</summary>
    /// <exception cref="DeployException"><see cref="DeployErrors.SshConfigInvalid"/> when a line cannot be read.</exception>
    public static SshConfigFile? Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DeployErrors.SshConfigUnreadable(path, e);
        }

        return Parse(text, path);
    }

    /// <exception cref="DeployException"><see cref="DeployErrors.SshConfigInvalid"/> when a line cannot be read.</exception>
    public static SshConfigFile Parse(string text, string path)
    {
        var lines = new List<SshConfigLine>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = ParseLine(raw, path, number);
            if (line is not null)
            {
                lines.Add(line);
            }
        }

        return new SshConfigFile(path, lines);
    }

    private static SshConfigLine? ParseLine(string raw, string path, int number)
    {
        var text = raw.TrimEnd(' ', '\t', '\r', '\n', '\f');
        var i = 0;
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        var start = i;
        while (i < text.Length && text[i] is not (' ' or '\t' or '='))
        {
            i++;
        }

        var keyword = text[start..i];
        if (keyword.Length == 0 || keyword[0] == '#')
        {
            return null;
        }

        // As OpenSSH's strdelim: blanks, at most one '=', blanks.
        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        if (i < text.Length && text[i] == '=')
        {
            i++;
        }

        var arguments = SplitArguments(text[i..], out var unterminatedQuote);
        if (unterminatedQuote)
        {
            throw DeployErrors.SshConfigInvalid($"{path} line {number}", "a quote is not closed");
        }

        if (arguments.Count == 0)
        {
            throw DeployErrors.SshConfigInvalid($"{path} line {number}", $"the keyword {keyword} has no value");
        }

        return new SshConfigLine(keyword.ToLowerInvariant(), arguments, path, number);
    }

    /// <summary>OpenSSH's argv_split with comments on: blanks separate, quotes group, a backslash escapes a quote, a backslash or a blank.</summary>
    internal static List<string> SplitArguments(string text, out bool unterminatedQuote)
    {
        var arguments = new List<string>();
        unterminatedQuote = false;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] is ' ' or '\t')
            {
                i++;
                continue;
            }

            if (text[i] == '#')
            {
                break;
            }

            var argument = new System.Text.StringBuilder();
            var quote = '\0';
            for (; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\\' && i + 1 < text.Length
                    && (text[i + 1] is '\'' or '"' or '\\' || (quote == '\0' && text[i + 1] == ' ')))
                {
                    argument.Append(text[++i]);
                }
                else if (quote == '\0' && c is ' ' or '\t')
                {
                    break;
                }
                else if (quote == '\0' && c is '"' or '\'')
                {
                    quote = c;
                }
                else if (quote != '\0' && c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    argument.Append(c);
                }
            }

            if (quote != '\0')
            {
                unterminatedQuote = true;
            }

            arguments.Add(argument.ToString());
        }

        return arguments;
    }
}
