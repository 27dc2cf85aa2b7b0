using System.Diagnostics.CodeAnalysis;
using NUnit.Framework;

namespace DokkuDeploy.Testing;

/// <summary>
/// The one way a test says it cannot run here. Under <c>CI=true</c> that is a failure, whatever the
/// reason: a gate that lets a test quietly not run proves nothing. On a developer's machine the test
/// is ignored, with the reason and the fix, so the rest can still run.
/// </summary>
public static class Prerequisite
{
    public static bool UnderCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <param name="met">Whether this machine has what the test needs.</param>
    /// <param name="need">What is missing and how to get it, e.g. "needs GNU xargs (apt-get install findutils)".</param>
    public static void Require([DoesNotReturnIf(false)] bool met, string need)
    {
        if (!met)
            Missing(need);
    }

    [DoesNotReturn]
    public static void Missing(string need)
    {
        if (UnderCi)
            Assert.Fail($"{need} (under CI=true a test that cannot run is a failure, not a skip)");
        Assert.Ignore(need);
        throw new InvalidOperationException(need); // unreachable: Assert.Ignore throws
    }
}
