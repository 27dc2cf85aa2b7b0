using System.Security.Cryptography;
using System.Text;

namespace DokkuDeploy.Core.Deploy;

/// <summary>
/// One small file per key in a folder of the user's cache (XDG_CACHE_HOME, else ~/.cache/dokkudeploy): what this
/// machine learned about servers, which outlives obj/ and every project. A lost, unreadable or unwritable file
/// (a read-only home on some build servers) only costs what it held.
/// </summary>
public sealed class UserCacheFiles(string directory, string extension = "")
{
    public static string FolderForUser(Func<string, string?> environment, string name)
    {
        var cache = environment("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "dokkudeploy", name);
    }

    public string? Read(string key)
    {
        try
        {
            var path = PathFor(key);
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Write(string key, string text)
    {
        try
        {
            Directory.CreateDirectory(directory);
            var path = PathFor(key);
            var temporary = $"{path}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    public void Delete(string key)
    {
        try
        {
            File.Delete(PathFor(key));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    string PathFor(string key) =>
        Path.Combine(directory, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32].ToLowerInvariant() + extension);
}
