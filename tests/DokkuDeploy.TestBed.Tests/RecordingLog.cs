using DokkuDeploy.Core.Logging;
using NUnit.Framework;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>What the core logged, kept for the test to search (for secrets, above all); steps also go to the test's progress output.</summary>
sealed class RecordingLog : IDeployLog
{
    readonly List<string> steps = [];
    readonly List<string> details = [];
    readonly List<string> warnings = [];

    public IReadOnlyList<string> Steps { get { lock (steps) return steps.ToList(); } }
    public IReadOnlyList<string> Details { get { lock (details) return details.ToList(); } }
    public IReadOnlyList<string> Warnings { get { lock (warnings) return warnings.ToList(); } }
    public IEnumerable<string> Everything { get { lock (steps) lock (details) lock (warnings) return steps.Concat(details).Concat(warnings).ToList(); } }

    public void Step(string message) { lock (steps) steps.Add(message); TestContext.Progress.WriteLine(message); }
    public void Detail(string message) { lock (details) details.Add(message); }
    public void Warning(string code, string message) { lock (warnings) warnings.Add($"{code} {message}"); }
}
