using NUnit.Framework;

namespace DokkuDeploy.Testing;

/// <summary>
/// Reads every process's command line (/proc/PID/cmdline, what `ps` shows every user) every few milliseconds
/// while a deploy runs, and remembers any that contains a secret: secrets must never be passed as arguments,
/// where any user of the machine can read them. The test bed's sshd and Dokku stand-in run on this machine,
/// so this watches the server's process list as well as the client's.
/// </summary>
public sealed class CommandLineWatch : IDisposable
{
    readonly IReadOnlyList<string> secrets;
    readonly CancellationTokenSource stop = new();
    readonly Task watching;
    readonly HashSet<string> seen = new();
    int scans;

    /// <param name="secrets">The values to look for (add their base64 too when a value might travel encoded).</param>
    public CommandLineWatch(params string[] secrets)
    {
        this.secrets = secrets.Where(s => s.Length > 0).ToList();
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
                    if (secrets.Any(secret => commandLine.Contains(secret, StringComparison.Ordinal)))
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

    /// <summary>Stops watching; the command lines that held a secret.</summary>
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
