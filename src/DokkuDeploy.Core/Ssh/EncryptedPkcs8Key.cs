using System.Security.Cryptography;

namespace DokkuDeploy.Core.Ssh;

/// <summary>
/// Opens an encrypted PKCS#8 key (<c>ssh-keygen -m PKCS8</c>, <c>BEGIN ENCRYPTED PRIVATE KEY</c>) with .NET's own
/// cryptography: SSH.NET 2026.0 cannot decrypt the PBES2/AES form ssh-keygen writes, even with the right passphrase.
/// The key is handed on as unencrypted PEM in memory only.
/// </summary>
internal static class EncryptedPkcs8Key
{
    private const string Header = "-----BEGIN ENCRYPTED PRIVATE KEY-----";

    public static bool Is(string text) => text.Contains(Header, StringComparison.Ordinal);

    /// <returns>The key as RSA or EC PEM, which SSH.NET reads.</returns>
    /// <exception cref="CryptographicException">Wrong passphrase, or neither an RSA nor an EC key.</exception>
    public static string Decrypt(string text, string passphrase)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromEncryptedPem(text, passphrase.AsSpan());
            return rsa.ExportRSAPrivateKeyPem();
        }
        catch (CryptographicException)
        {
            // Not RSA, or the wrong passphrase: ECDSA says which.
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportFromEncryptedPem(text, passphrase.AsSpan());
            return ecdsa.ExportECPrivateKeyPem();
        }
    }
}
