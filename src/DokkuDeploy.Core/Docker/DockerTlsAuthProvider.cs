using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet.Handler.Abstractions;
using DokkuDeploy.Core.Errors;
using Microsoft.Net.Http.Client;

namespace DokkuDeploy.Core.Docker;

/// <summary>
/// Puts the client certificate on Docker.DotNet's HTTP handler and checks the engine's certificate the way
/// the docker CLI does with DOCKER_TLS_VERIFY: against the given CA only, with the host name checked.
/// Remembers why it refused a certificate, so the caller can say so instead of "the handshake failed".
/// </summary>
public sealed class DockerTlsAuthProvider : IAuthProvider, IDisposable
{
    readonly DockerTls tls;
    readonly X509Certificate2? authority;
    readonly X509Certificate2? clientCertificate;

    DockerTlsAuthProvider(DockerTls tls, X509Certificate2? authority, X509Certificate2? clientCertificate)
    {
        this.tls = tls;
        this.authority = authority;
        this.clientCertificate = clientCertificate;
    }

    public bool TlsEnabled => true;

    /// <summary>Why the last server certificate was refused, or null.</summary>
    public string? Rejection { get; private set; }

    /// <summary>Reads the CA and the client certificate with its key; a missing or bad file is a coded error naming it.</summary>
    public static DockerTlsAuthProvider Load(DockerTls tls)
    {
        var authority = tls.CaPath is null ? null : LoadFile(tls.CaPath, "CA certificate", tls.Source, () => X509Certificate2.CreateFromPem(File.ReadAllText(tls.CaPath)));
        X509Certificate2? client = null;
        if (tls.CertPath is not null && tls.KeyPath is not null)
        {
            RequireFile(tls.KeyPath, "client key", tls.Source);
            client = LoadFile(tls.CertPath, "client certificate", tls.Source, () => X509Certificate2.CreateFromPemFile(tls.CertPath, tls.KeyPath));
        }

        return new DockerTlsAuthProvider(tls, authority, client);
    }

    static void RequireFile(string path, string role, string source)
    {
        if (!File.Exists(path))
        {
            throw DeployErrors.DockerTlsFileMissing(path, role, source);
        }
    }

    static X509Certificate2 LoadFile(string path, string role, string source, Func<X509Certificate2> load)
    {
        RequireFile(path, role, source);
        try
        {
            return load();
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw DeployErrors.DockerTlsFileUnreadable(path, role, e.Message, e);
        }
    }

    public HttpMessageHandler ConfigureHandler(HttpMessageHandler handler)
    {
        var clientCertificates = new X509CertificateCollection();
        if (clientCertificate is not null)
        {
            clientCertificates.Add(clientCertificate);
        }

        switch (handler)
        {
            case ManagedHandler managed:
                managed.ClientCertificates = clientCertificates;
                managed.ServerCertificateValidationCallback = Validate;
                return managed;
            case SocketsHttpHandler sockets:
                sockets.SslOptions.ClientCertificates = clientCertificates;
                sockets.SslOptions.RemoteCertificateValidationCallback = Validate;
                return sockets;
            default:
                // An unknown transport would silently drop the certificate check: refuse it instead.
                throw new NotSupportedException($"DokkuDeploy cannot configure TLS on Docker.DotNet's {handler.GetType().Name}.");
        }
    }

    bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        Rejection = Check(certificate, errors);
        return Rejection is null;
    }

    string? Check(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (tls.Verification == DockerTlsVerification.None)
        {
            return null;
        }

        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the engine sent no certificate";
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return $"the certificate ({certificate.Subject}) is not made out to the host connected to";
        }

        if (tls.Verification == DockerTlsVerification.SystemStore)
        {
            return errors == SslPolicyErrors.None ? null : $"the certificate ({certificate.Subject}) is not trusted by this system: {errors}";
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(authority!);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = new X509Certificate2(certificate);
        if (custom.Build(server))
        {
            return null;
        }

        var status = string.Join("; ", custom.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        return $"the certificate ({server.Subject}, issued by {server.Issuer}) is not signed by the CA in {tls.CaPath}" +
            (status.Length > 0 ? $": {status}" : "");
    }

    public void Dispose()
    {
        authority?.Dispose();
        clientCertificate?.Dispose();
    }
}
