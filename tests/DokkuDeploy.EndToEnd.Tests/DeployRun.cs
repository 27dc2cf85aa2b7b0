using System.Text.RegularExpressions;
using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>`dotnet publish -t:DokkuDeploy` of a sample workspace against the test bed, and what it printed.</summary>
static partial class DeployRun
{
    public static string[] Arguments(TestBedEnvironment testBed, string app, params string[] extra) =>
    [
        "publish", "HelloDokku", "-c", "Release", "-t:DokkuDeploy", "-nologo",
        $"-p:DokkuRemote=ssh://{testBed.SshUser}@{testBed.SshHost}:{testBed.SshPort}/{app}",
        $"-p:DokkuSshKey={testBed.SshKeyPath}",
        $"-p:DokkuKnownHosts={testBed.KnownHostsPath}",
        $"-p:DokkuBaseImage={testBed.AspNetImage}",
        .. extra,
    ];

    public static Dictionary<string, string?> Environment(TestBedEnvironment testBed, string home) => new()
    {
        ["DOCKER_HOST"] = testBed.DockerHost,
        // The deploy history lives in the user's cache: a test's own, so runs do not see each other's.
        ["XDG_CACHE_HOME"] = home + "-cache",
    };

    public static Task<ProcessResult> PublishAsync(SampleWorkspace workspace, TestBedEnvironment testBed, string app, params string[] extra) =>
        workspace.DotnetAsync(Arguments(testBed, app, extra), Environment(testBed, workspace.Root));

    public static string AppUrl(ProcessResult result)
    {
        var match = AppUrlLine().Matches(result.StandardOutput).LastOrDefault();
        Assert.That(match, Is.Not.Null, "no 'App URL:' line in:\n" + result.StandardOutput);
        return match!.Groups[1].Value;
    }

    public static IReadOnlyList<string> AppUrls(ProcessResult result) =>
        AppUrlLine().Matches(result.StandardOutput).Select(m => m.Groups[1].Value).Distinct().ToList();

    public static IReadOnlyList<string> ErrorCodes(ProcessResult result) =>
        ErrorCode().Matches(result.StandardOutput).Select(m => m.Groups[1].Value).Distinct().ToList();

    public static async Task<string> GetAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(url);
    }

    [GeneratedRegex(@"App URL: (\S+)")]
    private static partial Regex AppUrlLine();

    [GeneratedRegex(@"error (DOKKU\d{4}|MSB\d{4})")]
    private static partial Regex ErrorCode();
}
