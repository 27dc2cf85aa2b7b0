using DokkuDeploy.Core.Docker;

namespace DokkuDeploy.Core.Dokku;

/// <summary>
/// What <c>dokku report</c> says about the server's platform. Dokku prints, among its vitals,
/// <c>-----> uname: $(uname -a)</c> and then <c>docker -D system info</c> indented by 7 spaces; the engine's
/// <c>Architecture:</c> is what images must be built for, and the machine name of <c>uname -a</c> is the fallback
/// when the engine's part is missing (a report cut short).
/// </summary>
public static class DokkuReport
{
    public static DockerPlatform? Platform(IEnumerable<string> lines)
    {
        DockerPlatform? fromUname = null;
        foreach (var raw in lines)
        {
            var line = DokkuOutput.Clean(raw).Trim();
            if (line.StartsWith("Architecture:", StringComparison.Ordinal))
            {
                if (DockerPlatform.FromMachine(line["Architecture:".Length..]) is { } engine)
                {
                    return engine;
                }
            }
            else if (line.StartsWith("-----> uname:", StringComparison.Ordinal))
            {
                fromUname = UnameMachine(line["-----> uname:".Length..]);
            }
        }

        return fromUname;
    }

    /// <summary>
    /// <c>uname -a</c>: kernel name, host, release, a version with spaces in it, then the machine, and (when known)
    /// processor, hardware platform, OS: the machine is the last word that names one.
    /// </summary>
    static DockerPlatform? UnameMachine(string uname) =>
        Enumerable.Reverse(uname.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(word => word is not ("unknown" or "GNU/Linux"))
            .Select(DockerPlatform.FromMachine)
            .FirstOrDefault(platform => platform is not null);
}
