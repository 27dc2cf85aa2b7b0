using System.Text;

namespace DokkuDeploy.Core.BuildContext;

/// <summary>
/// One entry of the build context tar. A file's content comes from <see cref="SourcePath"/> (streamed
/// when the tar is written) or from <see cref="Content"/> (generated files such as the Dockerfile).
/// </summary>
/// <param name="Path">The path in the tar: relative, forward slashes.</param>
/// <param name="SourcePath">The file on disk to stream, for files read from disk.</param>
/// <param name="Content">The bytes, for generated files.</param>
/// <param name="Kind">File, directory or symlink.</param>
/// <param name="LinkTarget">For a symlink, the target exactly as stored in the link.</param>
/// <param name="Executable">Gives a file mode 0755; the writer also honours any x bit of the source file.</param>
public sealed record ContextFile(
    string Path,
    string? SourcePath,
    byte[]? Content,
    ContextFileKind Kind,
    string? LinkTarget = null,
    bool Executable = false)
{
    public static ContextFile FromBytes(string path, byte[] content, bool executable = false) =>
        new(path, null, content, ContextFileKind.File, Executable: executable);

    /// <summary>UTF-8 without a byte order mark.</summary>
    public static ContextFile FromText(string path, string text) =>
        FromBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));

    public static ContextFile FromDisk(string path, string sourcePath, bool executable = false) =>
        new(path, sourcePath, null, ContextFileKind.File, Executable: executable);

    public static ContextFile ForDirectory(string path) =>
        new(path, null, null, ContextFileKind.Directory);

    public static ContextFile ForSymlink(string path, string target) =>
        new(path, null, null, ContextFileKind.Symlink, target);

    /// <summary>
    /// Permission bits for the tar (setuid, setgid and sticky included); null for the writer's normalised
    /// 0644/0755 (0755 for directories).
    /// </summary>
    public int? Mode { get; init; }

    /// <summary>The file the walk saw: the writer refuses a path that has become another file (a symlink, say) since.</summary>
    internal FileIdentity? Identity { get; init; }

    /// <summary>The same entry at another place in the tar.</summary>
    public ContextFile WithPath(string path) => this with { Path = path };
}
