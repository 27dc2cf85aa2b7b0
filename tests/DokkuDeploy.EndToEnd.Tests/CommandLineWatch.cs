namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// Reads every process's command line (/proc/PID/cmdline) every few milliseconds while a deploy runs,
/// and remembers any that contains a secret: secrets must never be passed as arguments, where any
/// user of the machine can read them.
/// </summary>
sealed class CommandLineWatch : IDisposable
{
    readonly string secret;
    readonly CancellationTokenSource stop = new();
    readonly Task watching;
    readonly HashSet<string> seen = new();
    int scans;

    public CommandLineWatch(string secret)
    {
        this.secret = secret;
        watching = Task.Run(WatchAsync);
    }

    async Task WatchAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                try
                {
                    var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                    if (commandLine.Contains(secret, StringComparison.Ordinal))
                    {
                        lock (seen)
                        {
                            seen.Add(commandLine);
                        }
                    }
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            scans++;
            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    /// <summary>Stops watching; the command lines that held the secret.</summary>
    public IReadOnlyCollection<string> Stop()
    {
        stop.Cancel();
        watching.Wait();
        Assert.That(scans, Is.GreaterThan(10), "the watch ran during the deploy");
        lock (seen)
        {
            return seen.ToList();
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }
}
