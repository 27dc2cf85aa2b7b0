namespace DokkuDeploy.Core.BuildContext;

/// <summary>What <see cref="BuildContextWriter"/> wrote.</summary>
/// <param name="FileCount">Regular files.</param>
/// <param name="DirectoryCount">Directory entries, including the ones added for missing parents.</param>
/// <param name="SymlinkCount">Symlinks.</param>
/// <param name="TotalBytes">Content bytes of the files.</param>
/// <param name="TarBytes">Length of the tar stream.</param>
/// <param name="Sha256">SHA-256 of the tar stream as written, lower-case hex.</param>
public sealed record ContextSummary(
    int FileCount,
    int DirectoryCount,
    int SymlinkCount,
    long TotalBytes,
    long TarBytes,
    string Sha256);
