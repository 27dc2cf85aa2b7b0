using System.Text.Json;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.ConfigSources;

/// <summary>
/// A project's `dotnet user-secrets` store: the secrets.json of its UserSecretsId, found where the SDK and
/// Microsoft.Extensions.Configuration.UserSecrets look (%APPDATA%\Microsoft\UserSecrets\ID\ when APPDATA is set,
/// as on Windows, else ~/.microsoft/usersecrets/ID/), read the way AddUserSecrets reads it: nested objects and
/// arrays flattened into keys joined with ':' (Db:Password, Hosts:0), keys compared ignoring case, comments and
/// trailing commas allowed. Values never appear in a message.
/// </summary>
public sealed class UserSecretsStore
{
    private const string FileName = "secrets.json";

    private readonly IReadOnlyDictionary<string, string> _values;

    private UserSecretsStore(string path, IReadOnlyDictionary<string, string> values)
    {
        Path = path;
        _values = values;
    }

    /// <summary>The secrets.json the values came from.</summary>
    public string Path { get; }

    public bool TryGet(string name, out string value) => _values.TryGetValue(name, out value!);

    /// <summary>Where the store of <paramref name="userSecretsId"/> is, as `dotnet user-secrets` computes it.</summary>
    /// <exception cref="DeployException"><see cref="DeployErrors.UserSecretsIdMissing"/> when the id cannot name a folder or no home folder is known.</exception>
    public static string PathFor(string key, string userSecretsId, Func<string, string?> environment)
    {
        if (userSecretsId.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0 || userSecretsId.IndexOfAny(['/', '\\']) >= 0 || userSecretsId is "." or "..")
        {
            throw DeployErrors.UserSecretsIdMissing(key, $"its UserSecretsId '{userSecretsId}' cannot be a folder name");
        }

        var appData = Deploy.Setting.OrNull(environment("APPDATA"));
        if (appData is not null)
        {
            return System.IO.Path.Combine(appData, "Microsoft", "UserSecrets", userSecretsId, FileName);
        }

        var home = Deploy.Setting.OrNull(environment("HOME")) ?? Deploy.Setting.OrNull(environment("DOTNET_USER_SECRETS_FALLBACK_DIR"))
            ?? throw DeployErrors.UserSecretsIdMissing(key, "neither APPDATA nor HOME is set, so there is no user-secrets store to read");
        return System.IO.Path.Combine(home, ".microsoft", "usersecrets", userSecretsId, FileName);
    }

    /// <exception cref="DeployException"><see cref="DeployErrors.UserSecretsFileMissing"/> when the file is missing, <see cref="DeployErrors.UserSecretsFileInvalid"/> when it is not a JSON object.</exception>
    public static UserSecretsStore Load(string key, string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw DeployErrors.UserSecretsFileMissing(key, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DeployErrors.UserSecretsFileInvalid(key, path, $"it cannot be read ({e.GetType().Name})");
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text, new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw DeployErrors.UserSecretsFileInvalid(key, path, "it does not hold a JSON object");
            }

            Flatten(document.RootElement, null, values);
        }
        catch (JsonException e)
        {
            // JsonException's own message quotes the offending text, which may be part of a secret.
            throw DeployErrors.UserSecretsFileInvalid(key, path, $"it is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }

        return new UserSecretsStore(path, values);
    }

    private static void Flatten(JsonElement element, string? prefix, Dictionary<string, string> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix is null ? property.Name : prefix + ":" + property.Name, values);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, (prefix is null ? "" : prefix + ":") + index++.ToString(System.Globalization.CultureInfo.InvariantCulture), values);
                }

                break;
            case JsonValueKind.String:
                values[prefix ?? ""] = element.GetString()!;
                break;
            case JsonValueKind.Null:
                values[prefix ?? ""] = "";
                break;
            default:
                // Numbers and booleans as written (true, 42, 1.5), as the configuration binder sees them.
                values[prefix ?? ""] = element.GetRawText();
                break;
        }
    }
}
