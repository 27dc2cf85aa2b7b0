using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Deploy;

/// <summary>Names the server on every line when one build goes to several servers at once, so interleaved lines stay readable.</summary>
sealed class PrefixedDeployLog(IDeployLog inner, string prefix) : IDeployLog
{
    public void Step(string message) => inner.Step($"[{prefix}] {message}");

    public void Detail(string message) => inner.Detail($"[{prefix}] {message}");

    public void Warning(string code, string message) => inner.Warning(code, $"[{prefix}] {message}");
}
