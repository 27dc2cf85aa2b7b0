using System.Security.Cryptography;
using DokkuDeploy.Core.Errors;
using DokkuDeploy.Core.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// Turns <see cref="SshCredentials"/> into SSH.NET keys, with coded errors that name the key, never its content.
/// A default identity that cannot be used is skipped with a warning, because the user never asked for it.
/// </summary>
internal static class PrivateKeyLoader
{
    public static IReadOnlyList<(SshKeySource Source, PrivateKeyFile Key)> Load(SshCredentials credentials, IDeployLog log)
    {
        var loaded = new List<(SshKeySource, PrivateKeyFile)>();
        DeployException? firstDefaultFailure = null;
        foreach (var source in credentials.Keys)
        {
            try
            {
                loaded.Add((source, LoadOne(source, credentials.Passphrase)));
            }
            catch (DeployException e) when (source.IsDefaultIdentity)
            {
                log.Warning(e.Code, $"Skipping the default SSH key {source.DisplayName}. {e.Message}");
                firstDefaultFailure ??= e;
            }
        }

        if (loaded.Count == 0)
        {
            throw firstDefaultFailure ?? DeployErrors.SshNoPrivateKey(string.Join(", ", credentials.Searched));
        }

        return loaded;
    }

    public static PrivateKeyFile LoadOne(SshKeySource source, string? passphrase)
    {
        Stream stream;
        try
        {
            stream = source.OpenRead();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DeployErrors.SshPrivateKeyNotFound(source.DisplayName);
        }

        string text;
        using (stream)
        using (var reader = new StreamReader(stream))
        {
            text = reader.ReadToEnd();
        }

        try
        {
            if (EncryptedPkcs8Key.Is(text))
            {
                text = EncryptedPkcs8Key.Decrypt(text, passphrase ?? throw new SshPassPhraseNullOrEmptyException("encrypted"));
            }

            using var keyStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
            return new PrivateKeyFile(keyStream, passphrase);
        }
        catch (SshPassPhraseNullOrEmptyException)
        {
            // No inner exception: SSH.NET's messages are safe today, but keep key handling out of the chain.
            throw DeployErrors.SshPrivateKeyPassphraseMissing(source.DisplayName);
        }
        catch (Exception e) when (passphrase is not null && IsWrongPassphrase(e))
        {
            throw DeployErrors.SshPrivateKeyPassphraseWrong(source.DisplayName);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // Whatever SSH.NET or its BouncyCastle throws for damaged text: no inner exception, it may quote the key.
            throw DeployErrors.SshPrivateKeyInvalid(source.DisplayName, "the key text is not in a supported format or is damaged");
        }
    }

    // SSH.NET reports a wrong passphrase as a failed check of OpenSSH's "check bytes" or as bad padding of a PEM key.
    private static bool IsWrongPassphrase(Exception e) =>
        e is CryptographicException ||
        e.GetType().Name == "InvalidCipherTextException" ||
        (e is SshException && e.Message.Contains("check bytes", StringComparison.OrdinalIgnoreCase));
}
