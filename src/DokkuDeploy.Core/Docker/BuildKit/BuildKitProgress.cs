using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Docker.BuildKit;

/// <summary>
/// BuildKit's status messages as the log lines `docker build --progress=plain` prints, which users
/// already know: "#5 [build 2/4] RUN dotnet restore", the step's output prefixed with its number,
/// then "#5 DONE 1.2s", "#5 CACHED" or "#5 ERROR: …". Remembers the step that failed and the tail of
/// its output, which is what explains a failed build.
/// </summary>
sealed partial class BuildKitProgress(IDeployLog log)
{
    const int TailLines = 15;

    readonly Dictionary<string, Step> steps = [];

    public string? FailedStep { get; private set; }

    /// <summary>The last lines the failed step printed, oldest first.</summary>
    public IReadOnlyList<string> FailedStepOutput { get; private set; } = [];

    /// <summary>Set when the step that failed was resolving or pulling a FROM image.</summary>
    public string? MissingBaseImage { get; private set; }

    /// <summary>Set when the step that failed was fetching the Dockerfile frontend a <c># syntax=</c> line names.</summary>
    public string? MissingFrontend { get; private set; }

    public int CachedSteps { get; private set; }

    public void Report(SolveStatus status)
    {
        foreach (var vertex in status.Vertexes)
        {
            var step = StepOf(vertex.Digest, vertex.Name);
            if (vertex.Started is null && !vertex.Cached && vertex.Completed is null)
                continue; // known, not begun: BuildKit lists every step up front
            Announce(step);
            if (step.Done)
                continue;
            if (vertex.Cached)
            {
                step.Done = true;
                CachedSteps++;
                log.Detail($"#{step.Number} CACHED");
            }
            else if (vertex.Completed is { } completed)
            {
                step.Done = true;
                FlushPartial(step);
                if (vertex.Error is { } error)
                {
                    log.Detail($"#{step.Number} ERROR: {error}");
                    Failed(step);
                }
                else
                {
                    var seconds = (completed - (vertex.Started ?? completed)).TotalSeconds;
                    log.Detail($"#{step.Number} DONE {seconds.ToString("0.0", CultureInfo.InvariantCulture)}s");
                }
            }
        }

        foreach (var output in status.Logs)
        {
            var step = StepOf(output.Vertex, name: null);
            Announce(step);
            step.Partial.Append(Encoding.UTF8.GetString(output.Message));
            EmitCompleteLines(step);
        }
    }

    public void Flush()
    {
        foreach (var step in steps.Values)
            FlushPartial(step);
    }

    Step StepOf(string digest, string? name)
    {
        if (!steps.TryGetValue(digest, out var step))
            steps[digest] = step = new Step(steps.Count + 1);
        if (!string.IsNullOrEmpty(name))
            step.Name = name;
        return step;
    }

    void Announce(Step step)
    {
        if (step.Announced)
            return;
        step.Announced = true;
        log.Detail($"#{step.Number} {step.Name}");
    }

    void EmitCompleteLines(Step step)
    {
        var text = step.Partial.ToString();
        var last = text.LastIndexOf('\n');
        if (last < 0)
            return;
        foreach (var line in text[..last].Split('\n'))
            Emit(step, line.TrimEnd('\r'));
        step.Partial.Remove(0, last + 1);
    }

    void FlushPartial(Step step)
    {
        if (step.Partial.Length == 0)
            return;
        Emit(step, step.Partial.ToString().TrimEnd('\r', '\n'));
        step.Partial.Clear();
    }

    void Emit(Step step, string line)
    {
        log.Detail($"#{step.Number} {line}");
        step.Tail.Enqueue(line);
        if (step.Tail.Count > TailLines)
            step.Tail.Dequeue();
    }

    void Failed(Step step)
    {
        if (FailedStep is not null)
            return;
        FailedStep = step.Name;
        FailedStepOutput = [.. step.Tail];
        var from = BaseImageStep().Match(step.Name);
        if (from.Success)
            MissingBaseImage = ShortImageName(from.Groups["image"].Value);
        var frontend = FrontendStep().Match(step.Name);
        if (frontend.Success)
            MissingFrontend = ShortImageName(frontend.Groups["image"].Value);
    }

    // BuildKit names images in full ("docker.io/library/alpine:3"); users wrote the short form.
    static string ShortImageName(string image) =>
        image.StartsWith("docker.io/library/", StringComparison.Ordinal) ? image["docker.io/library/".Length..]
        : image.StartsWith("docker.io/", StringComparison.Ordinal) ? image["docker.io/".Length..]
        : image;

    /// <summary>"[internal] load metadata for IMAGE" (resolving a FROM) or "[stage 1/3] FROM IMAGE" (pulling it).</summary>
    [GeneratedRegex(@"^(?:\[internal\] load metadata for |\[[^\]]*\] FROM )(?<image>\S+)")]
    private static partial Regex BaseImageStep();

    /// <summary>How BuildKit names fetching the frontend of a <c># syntax=</c> line (the only image it resolves before the FROMs).</summary>
    [GeneratedRegex(@"^resolve image config for (?<image>\S+)")]
    private static partial Regex FrontendStep();

    sealed class Step(int number)
    {
        public int Number { get; } = number;

        public string Name { get; set; } = "";

        public bool Announced { get; set; }

        public bool Done { get; set; }

        public StringBuilder Partial { get; } = new();

        public Queue<string> Tail { get; } = new();
    }
}
