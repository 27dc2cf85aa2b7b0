using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// The real nupkg, packed once per run with a version of its own, into a feed folder; consumers
/// restore it into a private package folder, so no earlier copy of the package can stand in for it.
/// </summary>
static class PackedPackage
{
    static readonly Lazy<Task<(string Feed, string Version)>> Packed = new(PackAsync);

    public static Task<(string Feed, string Version)> GetAsync() => Packed.Value;

    static async Task<(string Feed, string Version)> PackAsync()
    {
        var feed = Directory.CreateTempSubdirectory("dokkudeploy-feed-").FullName;
        var version = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}";
        var result = await ProcessRunner.RunAsync("dotnet",
        [
            "pack", Path.Combine(RepositoryRoot.Path, "src", "DokkuDeploy.Tasks"),
            "-c", "Release", "-o", feed, $"-p:Version={version}", "-nologo", "-v:quiet",
        ], new ProcessRunOptions { Timeout = TimeSpan.FromMinutes(5) });
        Assert.That(result.ExitCode, Is.Zero, "dotnet pack failed:\n" + result);
        return (feed, version);
    }
}
