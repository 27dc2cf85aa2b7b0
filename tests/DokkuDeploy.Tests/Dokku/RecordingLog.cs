using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Tests.Dokku;

public sealed class RecordingLog : IDeployLog
{
    public List<string> Steps { get; } = new();

    public List<string> Details { get; } = new();

    public List<(string Code, string Message)> Warnings { get; } = new();

    public IEnumerable<string> Everything => Steps.Concat(Details).Concat(Warnings.Select(w => w.Code + " " + w.Message));

    public void Step(string message) => Steps.Add(message);

    public void Detail(string message) => Details.Add(message);

    public void Warning(string code, string message) => Warnings.Add((code, message));
}
