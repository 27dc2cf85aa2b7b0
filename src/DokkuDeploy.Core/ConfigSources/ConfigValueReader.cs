using System.Text;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.ConfigSources;

/// <summary>
/// Reads each DokkuConfig item's value from its source, inside the task, so that a secret never passes through
/// an MSBuild property or item (which a binary log records). A value written in the project (<c>Value=</c>) is
/// recorded like any item metadata: a secret-looking name written that way is warned about (<see cref="DeployErrors.ConfigValueInProjectWarning"/>).
/// A missing source is a coded error naming the key and where it looked, never a value.
/// </summary>
public sealed class ConfigValueReader(ConfigSourceContext context, IDeployLog log)
{
    // One store per build, read once however many items name it.
    private UserSecretsStore? _userSecrets;

    public IReadOnlyDictionary<string, string> Read(IEnumerable<ConfigItem> items)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            values[item.Key] = ReadOne(item);
        }

        return values;
    }

    private string ReadOne(ConfigItem item)
    {
        var sources = new (string Name, string? Setting)[]
        {
            ("FromEnvironment", Deploy.Setting.OrNull(item.FromEnvironment)),
            ("FromUserSecrets", Deploy.Setting.OrNull(item.FromUserSecrets)),
            ("FromFile", Deploy.Setting.OrNull(item.FromFile)),
        }.Where(s => s.Setting is not null).ToList();
        if (sources.Count > 1 || (sources.Count == 1 && !string.IsNullOrEmpty(item.Value)))
        {
            var named = sources.Select(s => s.Name).Concat(string.IsNullOrEmpty(item.Value) ? [] : new[] { "Value" });
            throw DeployErrors.ConfigSourcesConflict(item.Key, named);
        }

        if (sources.Count == 0)
        {
            var value = item.Value ?? "";
            if (value.Length > 0 && SecretLookingName.Matches(item.Key))
            {
                log.Warning(DeployErrors.ConfigValueInProjectWarning, DeployErrors.ConfigValueInProject(item.Key));
            }

            return value;
        }

        var (source, setting) = sources[0];
        return source switch
        {
            "FromEnvironment" => context.Environment(setting!) ?? throw DeployErrors.ConfigValueMissing(item.Key, setting!),
            "FromUserSecrets" => FromUserSecrets(item.Key, setting!),
            _ => FromFile(item.Key, setting!),
        };
    }

    private string FromUserSecrets(string key, string name)
    {
        var id = Deploy.Setting.OrNull(context.UserSecretsId)
            ?? throw DeployErrors.UserSecretsIdMissing(key, "the project has no UserSecretsId property (`dotnet user-secrets init` adds one)");
        _userSecrets ??= UserSecretsStore.Load(key, UserSecretsStore.PathFor(key, id, context.Environment));
        return _userSecrets.TryGet(name, out var value) ? value : throw DeployErrors.UserSecretNotFound(key, name, _userSecrets.Path);
    }

    /// <summary>
    /// The file's text (UTF-8, a byte order mark dropped) without its one final line ending: `echo secret > file`
    /// and every editor end a file with one, and it is never part of the value. Only that one is trimmed, not all
    /// trailing whitespace, since a value may end with blanks or blank lines on purpose.
    /// </summary>
    private string FromFile(string key, string setting)
    {
        var path = Path.GetFullPath(Path.Combine(context.ProjectDirectory, setting));
        string text;
        try
        {
            text = File.ReadAllText(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw DeployErrors.ConfigFileUnreadable(key, path, "it does not exist");
        }
        catch (DecoderFallbackException)
        {
            throw DeployErrors.ConfigFileUnreadable(key, path, "it is not UTF-8 text");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DeployErrors.ConfigFileUnreadable(key, path, $"it cannot be read ({e.GetType().Name})");
        }

        if (text.Contains('\0'))
        {
            throw DeployErrors.ConfigFileUnreadable(key, path, "it holds a NUL character, which no environment variable can carry");
        }

        return text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2]
            : text.EndsWith('\n') ? text[..^1]
            : text;
    }
}
