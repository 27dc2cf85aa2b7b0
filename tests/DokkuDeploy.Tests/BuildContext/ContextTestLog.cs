using NUnit.Framework;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Tests.BuildContext;

internal sealed class ContextTestLog : IDeployLog
{
    public List<(string Code, string Message)> Warnings { get; } = [];

    public List<string> Details { get; } = [];

    public void Step(string message) => Details.Add(message);

    public void Detail(string message) => Details.Add(message);

    public void Warning(string code, string message) => Warnings.Add((code, message));
}
