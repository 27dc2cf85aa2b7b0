namespace DokkuDeploy.Core.Dokku;

/// <summary>What a line of Dokku output is, by Dokku's own prefixes.</summary>
public enum DokkuLineKind
{
    /// <summary>Anything else: Docker build output, blank lines, `Loaded image: …`.</summary>
    Other,

    /// <summary><c>-----> </c> a step.</summary>
    Step,

    /// <summary><c>=====> </c> a section header.</summary>
    Header,

    /// <summary>Indented 7 spaces: detail under a step or header.</summary>
    Detail,

    /// <summary><c> !     </c> an error or warning.</summary>
    Error,
}
