using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DokkuDeploy.Core.Docker.BuildKit;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Docker;

/// <summary>
/// Turns the engine's build messages (one JSON object per line) into log lines as they arrive, and
/// remembers the error message, which is how a failed step is reported. The legacy builder sends
/// text in <c>stream</c>; BuildKit sends protobuf status in <c>aux</c> under the id
/// <c>moby.buildkit.trace</c>, which Docker.DotNet's typed messages cannot even deserialize.
/// </summary>
sealed partial class BuildOutputReader(IDeployLog log)
{
    const string BuildKitTrace = "moby.buildkit.trace";

    readonly StringBuilder pending = new();
    readonly BuildKitProgress buildKit = new(log);

    // The legacy builder's current "Step N/M : …" line: the FROM it names is the base image an error there is about.
    string? currentStep;

    public string? Error { get; private set; }

    /// <summary>Set when the error says the FROM image could not be found or pulled.</summary>
    public string? MissingBaseImage => buildKit.MissingBaseImage ?? legacyMissingBaseImage;

    /// <summary>Under BuildKit, the step that failed ("[build 3/5] RUN dotnet restore") and its last output lines.</summary>
    public string? FailedStep => buildKit.FailedStep;

    public IReadOnlyList<string> FailedStepOutput => buildKit.FailedStepOutput;

    /// <summary>The Dockerfile frontend (<c># syntax=IMAGE</c>) BuildKit could not fetch.</summary>
    public string? MissingFrontend => buildKit.MissingFrontend;

    string? legacyMissingBaseImage;

    // The legacy builder's last lines: what a failed RUN step printed (BuildKit keeps its own per step).
    const int RecentLines = 30;
    readonly Queue<string> recent = new();

    /// <summary>The failed step's last lines under BuildKit, else the legacy builder's last lines.</summary>
    public IReadOnlyCollection<string> RecentOutput => FailedStep is not null ? FailedStepOutput : recent;

    /// <summary>
    /// The legacy builder refused syntax only BuildKit has: "the --mount option requires BuildKit", or a
    /// FROM --platform=$BUILDPLATFORM it cannot expand (it says "failed to parse platform", which reads
    /// like a missing base image).
    /// </summary>
    public bool NeedsBuildKit { get; private set; }

    public async Task ReadAsync(Stream output, CancellationToken cancellationToken)
    {
        using var lines = new StreamReader(output, Encoding.UTF8);
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            Report(line);
        }

        Flush();
    }

    public void Report(string jsonLine)
    {
        if (string.IsNullOrWhiteSpace(jsonLine))
        {
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(jsonLine);
        }
        catch (JsonException)
        {
            log.Detail(jsonLine.TrimEnd());
            return;
        }

        using (document)
        {
            Report(document.RootElement);
        }
    }

    void Report(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (Text(message, "id") == BuildKitTrace && Text(message, "aux") is { } trace)
        {
            ReportTrace(trace);
        }

        if (Text(message, "stream") is { } text)
        {
            pending.Append(text);
            EmitCompleteLines();
        }

        var error = Text(message, "error") ?? (message.TryGetProperty("errorDetail", out var detail) ? Text(detail, "message") : null);
        if (error is { Length: > 0 })
        {
            Flush();
            Error ??= error;
            NeedsBuildKit |= error.Contains("requires BuildKit", StringComparison.OrdinalIgnoreCase)
                || (error.Contains("failed to parse platform", StringComparison.Ordinal) && currentStep?.Contains("--platform=$", StringComparison.Ordinal) == true);
            // An error while the FROM step runs means the engine could not find or pull the base image,
            // whatever words the engine or registry chose for it.
            legacyMissingBaseImage ??= NeedsBuildKit ? null : BaseImageOf(currentStep);
        }
        else if (Text(message, "status") is { Length: > 0 } status)
        {
            log.Detail(status);
        }
    }

    void ReportTrace(string base64)
    {
        SolveStatus status;
        try
        {
            status = SolveStatus.Parse(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return; // progress only: a message we cannot read must not fail a build that works
        }

        buildKit.Report(status);
    }

    public void Flush()
    {
        buildKit.Flush();
        if (pending.Length > 0)
        {
            log.Detail(pending.ToString().TrimEnd('\r', '\n'));
            pending.Clear();
        }
    }

    static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

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
                recent.Enqueue(clean);
                if (recent.Count > RecentLines)
                {
                    recent.Dequeue();
                }

                if (StepPattern().IsMatch(clean))
                {
                    currentStep = clean;
                }
            }
        }

        pending.Remove(0, last + 1);
    }

    static string? BaseImageOf(string? step) =>
        step is not null && StepPattern().Match(step) is { Success: true } match && match.Groups["from"].Success ? match.Groups["from"].Value : null;

    /// <summary>The legacy builder's "Step 1/7 : FROM image [AS name]".</summary>
    [GeneratedRegex(@"^Step \d+/\d+ : (?:FROM (?:--platform=\S+ )?(?<from>\S+)|.*)", RegexOptions.IgnoreCase)]
    private static partial Regex StepPattern();
}
