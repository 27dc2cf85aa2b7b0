namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// One private key to offer: a file, or key text (PEM or OpenSSH) handed over in memory, e.g. from an
/// environment variable on a build server. <see cref="DisplayName"/> is what messages show; never the content.
/// </summary>
public sealed class SshKeySource
{
    private readonly string? _content;

    private SshKeySource(string? path, string? content, string displayName, bool isDefaultIdentity)
    {
        Path = path;
        _content = content;
        DisplayName = displayName;
        IsDefaultIdentity = isDefaultIdentity;
    }

    /// <summary>The key file; null for key text.</summary>
    public string? Path { get; }

    /// <summary>The file path, or e.g. "the key from DOKKU_SSH_KEY".</summary>
    public string DisplayName { get; }

    /// <summary>True for ~/.ssh/id_* picked because no key was given: one that cannot be used is skipped with a warning.</summary>
    public bool IsDefaultIdentity { get; }

    public static SshKeySource FromFile(string path) => new(path, null, path, false);

    internal static SshKeySource FromDefaultIdentity(string path) => new(path, null, path, true);

    /// <param name="content">The key text. Literal "\n" sequences (a common way to squeeze a key into one CI variable) are turned into line breaks.</param>
    /// <param name="displayName">How messages name it, e.g. "the key from DOKKU_SSH_KEY".</param>
    public static SshKeySource FromContent(string content, string displayName = "the key from DOKKU_SSH_KEY") =>
        new(null, NormalizeContent(content), displayName, false);

    /// <summary>The public key blob from the file's <c>.pub</c> companion, to find the key in the agent; null when there is none.</summary>
    internal byte[]? TryReadPublicKeyBlob()
    {
        if (Path is null)
        {
            return null;
        }

        try
        {
            var fields = File.ReadAllText(Path + ".pub").Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            return fields.Length >= 2 ? Convert.FromBase64String(fields[1]) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    internal Stream OpenRead() =>
        _content is not null
            ? new MemoryStream(System.Text.Encoding.UTF8.GetBytes(_content))
            : File.OpenRead(Path!);

    public override string ToString() => DisplayName;

    private static string NormalizeContent(string content)
    {
        var text = content.Trim();
        if (!text.Contains('\n') && text.Contains("\\n", StringComparison.Ordinal))
        {
            text = text.Replace("\\n", "\n", StringComparison.Ordinal);
        }

        return text.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }
}
