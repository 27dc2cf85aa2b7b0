namespace DokkuDeploy.Core.Logging;

/// <summary>Where the core reports progress. MSBuild tasks, a CLI or a test implement it.</summary>
public interface IDeployLog
{
    /// <summary>A step the user should see at normal verbosity ("Building image …").</summary>
    void Step(string message);

    /// <summary>Detail: Docker build output, Dokku's lines, what was skipped.</summary>
    void Detail(string message);

    /// <summary>Something worked but deserves attention; coded like errors (DOKKUnnnn).</summary>
    void Warning(string code, string message);
}
