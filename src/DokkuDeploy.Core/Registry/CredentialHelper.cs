using System.Diagnostics;
using System.Text.Json;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Registry;

/// <summary>
/// A docker credential helper (<c>docker-credential-NAME</c>), asked as the docker CLI asks it:
/// <c>get</c> with the server address on stdin, a JSON object {ServerURL, Username, Secret} on stdout.
/// Its stdout holds the secret: it never reaches a message or the log.
/// </summary>
sealed class CredentialHelper(string name, Func<string, string?> environment)
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>docker-credential-NAME, as the helper is installed.</summary>
    public string Program { get; } = "docker-credential-" + name;

    /// <returns>Null when the helper holds nothing for the server ("credentials not found").</returns>
    /// <exception cref="DeployException"><see cref="DeployErrors.RegistryCredentialHelperFailed"/> when the helper is missing, fails, hangs or answers garbage.</exception>
    public async Task<RegistryCredential?> GetAsync(string serverAddress, string source, CancellationToken cancellationToken)
    {
        var path = Locate() ?? throw DeployErrors.RegistryCredentialHelperFailed(Program, serverAddress, $"{Program} was not found on PATH");
        var start = new ProcessStartInfo(path, "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PATH"] = environment("PATH") ?? "";

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw DeployErrors.RegistryCredentialHelperFailed(Program, serverAddress, e.Message, e);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.StandardInput.WriteAsync(serverAddress.AsMemory(), timeout.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // A helper that exits without reading its stdin answers through its exit code and output.
            }

            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                // The protocol's "not found" answer comes on stdout; it holds no secret.
                if (IsNotFound(output) || IsNotFound(errors))
                {
                    return null;
                }

                throw DeployErrors.RegistryCredentialHelperFailed(Program, serverAddress,
                    $"it exited with {process.ExitCode}" + (errors.Trim() is { Length: > 0 } text ? $": {Truncate(text)}" : ""));
            }

            return Parse(output, serverAddress, source);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            throw DeployErrors.RegistryCredentialHelperFailed(Program, serverAddress, $"it gave no answer within {Timeout.TotalSeconds:0} s (is it waiting for a prompt?)");
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
    }

    RegistryCredential? Parse(string output, string serverAddress, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(output);
            var root = document.RootElement;
            var username = root.TryGetProperty("Username", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
            var secret = root.TryGetProperty("Secret", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (string.IsNullOrEmpty(secret))
            {
                return null;
            }

            return new RegistryCredential(username ?? "", secret, source);
        }
        catch (JsonException)
        {
            // Not e.Message: it could quote the secret.
            throw DeployErrors.RegistryCredentialHelperFailed(Program, serverAddress, "its answer is not the JSON object of the credential helper protocol");
        }
    }

    string? Locate()
    {
        foreach (var directory in (environment("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var candidate in OperatingSystem.IsWindows() ? new[] { Program + ".exe", Program + ".cmd", Program } : new[] { Program })
            {
                var path = System.IO.Path.Combine(directory, candidate);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }

    static bool IsNotFound(string text) => text.Contains("credentials not found", StringComparison.OrdinalIgnoreCase);

    static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + " …";
}
