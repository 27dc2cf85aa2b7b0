using System.Text.RegularExpressions;

namespace DokkuDeploy.Core.Dokku;

/// <summary>
/// Reads Dokku's output lines: <c>-----> </c> steps, <c>=====> </c> headers, details indented 7 spaces,
/// <c> !     </c> errors. Tolerates what arrives through git push and terminals: a <c>remote: </c> prefix with
/// trailing spaces, carriage returns that redraw a line, ANSI escape sequences.
/// </summary>
public static partial class DokkuOutput
{
    private const string StepPrefix = "-----> ";
    private const string HeaderPrefix = "=====> ";
    private const string DetailPrefix = "       ";
    private const string ErrorMarker = " !";
    private const string RemotePrefix = "remote:";
    private const string DeployedHeader = "Application deployed:";
    private const string NoChangesError = "No changes detected";
    private const string DeployLockRefusal = "currently has a deploy lock in place. Exiting...";

    /// <summary>The line as a person should see it: escapes stripped, the last redraw after a \r, no remote: prefix, no trailing blanks.</summary>
    public static string Clean(string? line)
    {
        if (string.IsNullOrEmpty(line))
        {
            return string.Empty;
        }

        var text = AnsiEscape().Replace(line, string.Empty);
        if (text.Contains('\r'))
        {
            // A \r returns to the line start; what is drawn last wins. git adds "remote: " after each \r, and
            // Docker ends progress lines with \r\r, so the last segment with content is the visible one.
            var segments = text.Split('\r');
            text = segments.Select(StripRemote).LastOrDefault(s => s.Trim().Length > 0) ?? string.Empty;
        }
        else
        {
            text = StripRemote(text);
        }

        return text.TrimEnd();
    }

    public static DokkuLineKind Classify(string? line)
    {
        var text = Clean(line);
        if (text.StartsWith(StepPrefix, StringComparison.Ordinal))
        {
            return DokkuLineKind.Step;
        }

        if (text.StartsWith(HeaderPrefix, StringComparison.Ordinal))
        {
            return DokkuLineKind.Header;
        }

        if (IsErrorText(text))
        {
            return DokkuLineKind.Error;
        }

        return text.StartsWith(DetailPrefix, StringComparison.Ordinal) && text.Trim().Length > 0
            ? DokkuLineKind.Detail
            : DokkuLineKind.Other;
    }

    /// <summary>The message of a line without Dokku's marker: "-----> Releasing x" gives "Releasing x".</summary>
    public static string Message(string? line)
    {
        var text = Clean(line);
        return Classify(text) switch
        {
            DokkuLineKind.Step => text.Substring(StepPrefix.Length).Trim(),
            DokkuLineKind.Header => text.Substring(HeaderPrefix.Length).Trim(),
            DokkuLineKind.Error => text.TrimStart().Substring(1).Trim(),
            _ => text.Trim(),
        };
    }

    /// <summary>The messages of the error lines (<c> !     …</c>), in order.</summary>
    public static IReadOnlyList<string> ErrorLines(IEnumerable<string> lines) =>
        lines.Where(l => Classify(l) == DokkuLineKind.Error).Select(Message).Where(m => m.Length > 0).ToList();

    /// <summary>The URLs Dokku lists under <c>=====> Application deployed:</c>, or none.</summary>
    public static IReadOnlyList<string> DeployedUrls(IEnumerable<string> lines)
    {
        var urls = new List<string>();
        var inSection = false;
        foreach (var line in lines)
        {
            var kind = Classify(line);
            if (kind == DokkuLineKind.Header)
            {
                inSection = Message(line).StartsWith(DeployedHeader, StringComparison.Ordinal);
                if (inSection)
                {
                    urls.Clear();
                }

                continue;
            }

            if (!inSection)
            {
                continue;
            }

            if (kind == DokkuLineKind.Detail)
            {
                var url = Message(line);
                if (url.Contains("://", StringComparison.Ordinal))
                {
                    urls.Add(url);
                }
            }
            else if (Clean(line).Length > 0)
            {
                inSection = false;
            }
        }

        return urls;
    }

    /// <summary>
    /// True when Dokku refused a deploy because another deploy of the app holds its deploy lock (acquire_app_deploy_lock
    /// in plugins/common/functions: " !     APP currently has a deploy lock in place. Exiting...", exit code 1).
    /// </summary>
    public static bool IsDeployLockRefusal(IEnumerable<string> lines) =>
        ErrorLines(lines).Any(m => m.EndsWith(DeployLockRefusal, StringComparison.Ordinal));

    /// <summary>
    /// True when docker load on the server failed on a layer file the stream left out:
    /// ".../ID/layer.tar: no such file or directory" (".../blobs/sha256/…" from an OCI tar), or, where the engine imports
    /// through containerd, "content digest sha256:…: not found".
    /// </summary>
    public static bool NamesMissingLayer(IEnumerable<string> lines) =>
        lines.Select(Clean).Any(l => (l.Contains("no such file or directory", StringComparison.OrdinalIgnoreCase)
                && (l.Contains("layer.tar", StringComparison.Ordinal) || l.Contains("blobs/sha256", StringComparison.Ordinal)))
            // An engine that imports through containerd (Docker's containerd image store) names the digest it lacks.
            || (l.Contains("content digest sha256:", StringComparison.Ordinal) && l.Contains(": not found", StringComparison.Ordinal)));

    /// <summary>True when Dokku refused the deploy because the image equals the one deployed (exit code 1).</summary>
    public static bool IsNoChanges(IEnumerable<string> lines) =>
        ErrorLines(lines).Any(m => m.StartsWith(NoChangesError, StringComparison.Ordinal));

    /// <summary>
    /// Dokku's error messages, or when there are none the last non-blank lines, joined for a message.
    /// Warnings Dokku prints on every healthy deploy are never offered as the cause.
    /// </summary>
    public static string Summarize(IEnumerable<string> lines, int maxLines = 12)
    {
        var all = lines.ToList();
        var errors = CauseLines(all);
        var chosen = errors.Count > 0
            ? errors
            : all.Select(Clean).Select(l => l.Trim()).Where(l => l.Length > 0 && !IsNotice(l.TrimStart('!', ' '))).ToList();
        if (chosen.Count == 0)
        {
            return "Dokku printed no message";
        }

        var tail = chosen.Skip(Math.Max(0, chosen.Count - maxLines));
        return string.Join(" / ", tail);
    }

    /// <summary>True when Dokku printed an error line that is not one of its routine warnings.</summary>
    public static bool ExplainsFailure(IEnumerable<string> lines) => CauseLines(lines.ToList()).Count > 0;

    private static List<string> CauseLines(IReadOnlyList<string> lines) =>
        ErrorLines(lines).Where(m => !IsNotice(m)).ToList();

    // Printed with Dokku's error marker on deploys that succeed (seen from a real Dokku 0.38.27): they
    // say what Dokku did by default, never why a deploy failed.
    private static readonly string[] RoutineWarnings =
    [
        "No healthchecks found in app.json",
        "No web listeners specified",
    ];

    private static bool IsNotice(string message) =>
        RoutineWarnings.Any(w => message.StartsWith(w, StringComparison.OrdinalIgnoreCase));

    private static bool IsErrorText(string text) =>
        text.StartsWith(ErrorMarker, StringComparison.Ordinal)
        && (text.Length == ErrorMarker.Length || text[ErrorMarker.Length] == ' ');

    private static string StripRemote(string segment)
    {
        if (!segment.StartsWith(RemotePrefix, StringComparison.Ordinal))
        {
            return segment;
        }

        var rest = segment.Substring(RemotePrefix.Length);
        return rest.StartsWith(' ') ? rest.Substring(1) : rest;
    }

    [GeneratedRegex(@"\x1B(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(?:\x07|\x1B\\)|[@-Z\\-_])")]
    private static partial Regex AnsiEscape();
}
