using System.Diagnostics;

namespace DokkuDeploy.Tests.Ssh.Config;

/// <summary>Runs the real <c>ssh -G -F FILE</c>, which prints the configuration OpenSSH resolves for a host without connecting.</summary>
internal static class SshDashG
{
    public sealed record Result(int ExitCode, ILookup<string, string> Values, string Error)
    {
        public string One(string keyword) => Values[keyword].Single();

        public IReadOnlyList<string> All(string keyword) => Values[keyword].ToList();
    }

    public static Result Run(string configFile, string home, params string[] arguments)
    {
        var info = new ProcessStartInfo(OpenSsh.Ssh)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add("-G");
        info.ArgumentList.Add("-F");
        info.ArgumentList.Add(configFile);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Include's glob expands ~ from HOME; everything else in ssh takes the home from the password database.
        info.Environment["HOME"] = home;
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill();
            throw new TimeoutException("ssh -G did not finish");
        }

        var values = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .ToLookup(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "");
        return new Result(process.ExitCode, values, stderr.Result);
    }

    /// <summary>The home ssh uses for ~ and %d (the password database's, whatever HOME says).</summary>
    public static string PasswordHome(string anyHome)
    {
        var knownHosts = Run("/dev/null", anyHome, "x").All("userknownhostsfile")[0].Split(' ')[0];
        return knownHosts[..^"/.ssh/known_hosts".Length];
    }
}
