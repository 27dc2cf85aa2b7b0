using System.Text;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Docker;

/// <summary>
/// Turns the engine's build messages into log lines as they arrive, and remembers the error message,
/// which is how a failed step is reported. Synchronous on purpose: Progress&lt;T&gt; would post
/// messages to the thread pool, out of order and possibly after the build has returned.
/// </summary>
sealed partial class BuildOutputReader(IDeployLog log) : IProgress<JSONMessage>
{
    readonly StringBuilder pending = new();

    string? currentBaseImage;

    public string? Error { get; private set; }

    /// <summary>Set when the error says the FROM image could not be found or pulled.</summary>
    public string? MissingBaseImage { get; private set; }

    public void Report(JSONMessage value)
    {
        if (value.Stream is { } text)
        {
            pending.Append(text);
            EmitCompleteLines();
        }

        if (value.Error?.Message is { Length: > 0 } error)
        {
            Flush();
            Error ??= error;
            // An error while the FROM step runs means the engine could not find or pull the base image,
            // whatever words the engine or registry chose for it.
            MissingBaseImage ??= currentBaseImage;
        }
        else if (value.Status is { Length: > 0 } status)
        {
            log.Detail(status);
        }
    }

    public void Flush()
    {
        if (pending.Length > 0)
        {
            log.Detail(pending.ToString().TrimEnd('\r', '\n'));
            pending.Clear();
        }
    }

    void EmitCompleteLines()
    {
        var all = pending.ToString();
        var last = all.LastIndexOf('\n');
        if (last < 0)
        {
            return;
        }

        foreach (var line in all[..last].Split('\n'))
        {
            var clean = line.TrimEnd('\r');
            if (clean.Length > 0)
            {
                log.Detail(clean);
                var step = StepPattern().Match(clean);
                if (step.Success)
                {
                    currentBaseImage = step.Groups["from"].Success ? step.Groups["from"].Value : null;
                }
            }
        }

        pending.Remove(0, last + 1);
    }

    /// <summary>The legacy builder's "Step 1/7 : FROM image [AS name]".</summary>
    [GeneratedRegex(@"^Step \d+/\d+ : (?:FROM (?:--platform=\S+ )?(?<from>\S+)|.*)", RegexOptions.IgnoreCase)]
    private static partial Regex StepPattern();
}
