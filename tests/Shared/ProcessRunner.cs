using System.Diagnostics;
using System.Text;

namespace DokkuDeploy.Testing;

/// <summary>What a finished process left: exit code and everything it wrote.</summary>
public sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    public IReadOnlyList<string> StandardOutputLines => SplitLines(StandardOutput);
    public IReadOnlyList<string> StandardErrorLines => SplitLines(StandardError);

    /// <summary>Lines without the final empty one a trailing newline leaves.</summary>
    public static IReadOnlyList<string> SplitLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        return lines;
    }

    public override string ToString() =>
        $"$ {CommandLine}\nexit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

public sealed class ProcessRunOptions
{
    /// <summary>Variables added to (or, when null, removed from) the inherited environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>Bytes for stdin; without this or <see cref="StandardInputStream"/> stdin is closed at once.</summary>
    public byte[]? StandardInput { get; init; }

    public Stream? StandardInputStream { get; init; }

    public string? WorkingDirectory { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>Runs a program with an argument list (never a shell string) and captures its output.</summary>
public static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        ProcessRunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new ProcessRunOptions();
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
            startInfo.ArgumentList.Add(argument);
        if (options.WorkingDirectory is not null)
            startInfo.WorkingDirectory = options.WorkingDirectory;
        if (options.Environment is not null)
        {
            foreach (var (key, value) in options.Environment)
            {
                if (value is null)
                    startInfo.Environment.Remove(key);
                else
                    startInfo.Environment[key] = value;
            }
        }

        var commandLine = string.Join(' ', new[] { fileName }.Concat(startInfo.ArgumentList.Select(Quote)));
        using var process = new Process { StartInfo = startInfo };
        process.Start();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);

        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        var stdin = FeedStandardInputAsync(process, options, timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
            await stdin.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            if (cancellationToken.IsCancellationRequested)
                throw;
            throw new TimeoutException($"`{commandLine}` did not finish within {options.Timeout}.");
        }

        return new ProcessResult(commandLine, process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Runs a tool that must succeed (ssh-keygen, chmod) and gives its stdout; a failure throws with its stderr.</summary>
    public static string Run(string fileName, params string[] arguments)
    {
        var result = RunAsync(fileName, arguments).GetAwaiter().GetResult();
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"`{result.CommandLine}` exited {result.ExitCode}: {result.StandardError}");
        return result.StandardOutput;
    }

    static async Task FeedStandardInputAsync(Process process, ProcessRunOptions options, CancellationToken cancellationToken)
    {
        var input = process.StandardInput.BaseStream;
        try
        {
            if (options.StandardInput is not null)
                await input.WriteAsync(options.StandardInput, cancellationToken).ConfigureAwait(false);
            else if (options.StandardInputStream is not null)
                await options.StandardInputStream.CopyToAsync(input, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The process stopped reading (it failed early, or needed less); its exit code tells.
        }
        finally
        {
            try { input.Close(); } catch (IOException) { }
        }
    }

    static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./:=@,+%".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
