namespace DokkuDeploy.Tests.Ssh;

/// <summary>Key pairs made by the real ssh-keygen, so tests see exactly what users have.</summary>
internal static class TestKeys
{
    /// <summary>Creates DIR/NAME and DIR/NAME.pub; returns the private key path.</summary>
    public static string Generate(string directory, string name, string type = "ed25519", string passphrase = "", bool pem = false)
    {
        var path = Path.Combine(directory, name);
        var arguments = new List<string> { "-q", "-t", type, "-N", passphrase, "-C", name, "-f", path };
        if (type == "rsa")
        {
            arguments.AddRange(["-b", "2048"]);
        }

        if (pem)
        {
            arguments.AddRange(["-m", "PEM"]);
        }

        ProcessRunner.Run(OpenSsh.SshKeygen, [.. arguments]);
        return path;
    }

    /// <summary>The key type and decoded blob of a .pub file.</summary>
    public static (string Type, byte[] Blob) ReadPublic(string publicKeyPath)
    {
        var fields = File.ReadAllText(publicKeyPath).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (fields[0], Convert.FromBase64String(fields[1]));
    }
}
