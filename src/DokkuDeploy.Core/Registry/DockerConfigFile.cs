using System.Text;
using System.Text.Json;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Registry;

/// <summary>
/// The parts of the docker CLI's config.json that hold registry logins: <c>auths</c> (base64 "user:password"
/// in "auth", or an "identitytoken"), <c>credHelpers</c> (a helper per registry) and <c>credsStore</c> (one for all).
/// </summary>
sealed class DockerConfigFile
{
    DockerConfigFile(string path, IReadOnlyDictionary<string, JsonElement> auths, IReadOnlyDictionary<string, string> credHelpers, string? credsStore)
    {
        Path = path;
        Auths = auths;
        CredHelpers = credHelpers;
        CredsStore = credsStore;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, JsonElement> Auths { get; }

    public IReadOnlyDictionary<string, string> CredHelpers { get; }

    public string? CredsStore { get; }

    /// <summary>$DOCKER_CONFIG/config.json, else ~/.docker/config.json, as the docker CLI finds it.</summary>
    public static string Locate(Func<string, string?> environment, string? homeDirectory)
    {
        var directory = environment("DOCKER_CONFIG");
        if (string.IsNullOrWhiteSpace(directory))
        {
            var home = homeDirectory ?? environment("HOME");
            if (string.IsNullOrWhiteSpace(home))
            {
                home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            }

            directory = System.IO.Path.Combine(home, ".docker");
        }

        return System.IO.Path.Combine(directory.Trim(), "config.json");
    }

    /// <returns>Null when the file does not exist.</returns>
    /// <exception cref="DeployException"><see cref="DeployErrors.RegistryDockerConfigUnreadable"/> when it exists but cannot be read or parsed.</exception>
    public static DockerConfigFile? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw DeployErrors.RegistryDockerConfigUnreadable(path, "it is not a JSON object");
            }

            var auths = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (root.TryGetProperty("auths", out var authsElement) && authsElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in authsElement.EnumerateObject())
                {
                    auths[entry.Name] = entry.Value.Clone();
                }
            }

            var helpers = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("credHelpers", out var helpersElement) && helpersElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in helpersElement.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.String))
                {
                    helpers[entry.Name] = entry.Value.GetString()!;
                }
            }

            var store = root.TryGetProperty("credsStore", out var storeElement) && storeElement.ValueKind == JsonValueKind.String
                ? storeElement.GetString()
                : null;
            return new DockerConfigFile(path, auths, helpers, string.IsNullOrWhiteSpace(store) ? null : store.Trim());
        }
        catch (JsonException e)
        {
            // JsonException's message quotes no values, only positions.
            throw DeployErrors.RegistryDockerConfigUnreadable(path, $"it is not valid JSON ({e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DeployErrors.RegistryDockerConfigUnreadable(path, e.Message, e);
        }
    }

    /// <summary>
    /// The login stored in <c>auths</c> for the registry: the exact key first, then any key that names
    /// the same host (the CLI writes "https://host/v1/" for some, "host" for others).
    /// </summary>
    public RegistryCredential? FindAuth(string serverAddress)
    {
        var key = Auths.ContainsKey(serverAddress)
            ? serverAddress
            : Auths.Keys.FirstOrDefault(k => RegistryHostName.Of(k) == RegistryHostName.Of(serverAddress));
        if (key is null || Auths[key].ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var entry = Auths[key];
        var source = $"{Path} (auths \"{key}\")";
        if (entry.TryGetProperty("identitytoken", out var token) && token.ValueKind == JsonValueKind.String && token.GetString() is { Length: > 0 } identityToken)
        {
            return new RegistryCredential("<token>", identityToken, source);
        }

        if (!entry.TryGetProperty("auth", out var auth) || auth.ValueKind != JsonValueKind.String || auth.GetString() is not { Length: > 0 } encoded)
        {
            // An entry without "auth" is what `docker login` leaves when a credsStore holds the secret.
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded.Trim()));
        }
        catch (FormatException e)
        {
            throw DeployErrors.RegistryDockerConfigUnreadable(Path, $"the \"auth\" of \"{key}\" is not base64", e);
        }

        var colon = decoded.IndexOf(':');
        if (colon <= 0)
        {
            throw DeployErrors.RegistryDockerConfigUnreadable(Path, $"the \"auth\" of \"{key}\" is not base64 of user:password");
        }

        return new RegistryCredential(decoded[..colon], decoded[(colon + 1)..], source);
    }
}
