using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Tests.Ssh;

internal sealed class CollectingLog : IDeployLog
{
    public List<string> Lines { get; } = [];

    public void Step(string message)
    {
        lock (Lines)
        {
            Lines.Add("step: " + message);
        }
    }

    public void Detail(string message)
    {
        lock (Lines)
        {
            Lines.Add("detail: " + message);
        }
    }

    public void Warning(string code, string message)
    {
        lock (Lines)
        {
            Lines.Add($"warning {code}: {message}");
        }
    }
}
