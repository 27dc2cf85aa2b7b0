namespace DokkuDeploy.Core.BuildContext;

/// <summary>What a build context entry is in the tar.</summary>
public enum ContextFileKind
{
    File,
    Directory,
    Symlink,
}
