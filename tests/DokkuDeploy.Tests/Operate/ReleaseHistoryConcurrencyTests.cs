using System.Text;
using System.Text.Json;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Operate;
using DokkuDeploy.Core.Ssh;
using DokkuDeploy.Tests.Dokku;

namespace DokkuDeploy.Tests.Operate;

/// <summary>Two deploys that record their releases at the same moment: both records stay on the server.</summary>
public sealed class ReleaseHistoryConcurrencyTests
{
    /// <summary>An app's config as Dokku keeps it, answering config:export, config:set --encoded and config:unset.</summary>
    sealed class ConfigServer : IRemoteShell
    {
        readonly object gate = new();
        int exports;

        public Dictionary<string, string> Config { get; } = new(StringComparer.Ordinal);

        /// <summary>The first N exports are answered only once all N were asked: every writer reads before any writes.</summary>
        public TaskCompletionSource AllRead { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int ReadersToHold { get; init; }

        public async Task<int> RunAsync(string commandLine, Func<Stream, CancellationToken, Task>? writeStdin, Action<string> onStdoutLine, Action<string> onStderrLine, CancellationToken cancellationToken)
        {
            var words = commandLine.Split(' ').Select(w => w.Trim('\'')).Where(w => w != "--quiet").ToList();
            switch (words[0])
            {
                case "config:export":
                    string json;
                    bool hold;
                    lock (gate)
                    {
                        json = JsonSerializer.Serialize(Config);
                        hold = ++exports <= ReadersToHold;
                        if (exports == ReadersToHold)
                        {
                            AllRead.SetResult();
                        }
                    }

                    if (hold)
                    {
                        await AllRead.Task.WaitAsync(cancellationToken);
                    }

                    onStdoutLine(json);
                    return 0;
                case "config:set":
                    lock (gate)
                    {
                        foreach (var pair in words.Skip(4))
                        {
                            var equals = pair.IndexOf('=', StringComparison.Ordinal);
                            Config[pair[..equals]] = Encoding.UTF8.GetString(Convert.FromBase64String(pair[(equals + 1)..]));
                        }
                    }

                    return 0;
                case "config:import":
                    // Values on stdin as a JSON object, merged onto the config as Dokku's config:import does.
                    using (var input = new MemoryStream())
                    {
                        await writeStdin!(input, cancellationToken);
                        var imported = JsonSerializer.Deserialize<Dictionary<string, string>>(input.ToArray())!;
                        lock (gate)
                        {
                            foreach (var (key, value) in imported)
                            {
                                Config[key] = value;
                            }
                        }
                    }

                    return 0;
                case "config:unset":
                    lock (gate)
                    {
                        words.Skip(3).ToList().ForEach(key => Config.Remove(key));
                    }

                    return 0;
                default:
                    throw new InvalidOperationException(commandLine);
            }
        }
    }

    static readonly DokkuRemote Remote = DokkuRemote.Parse("dokku@dokku.example:shop");

    static DokkuClient Client(IRemoteShell shell) => new(shell, new RecordingLog(), Remote);

    [Test]
    public async Task Two_deploys_recording_at_once_both_keep_their_release()
    {
        var server = new ConfigServer { ReadersToHold = 2 };
        server.Config[ReleaseRecords.KeyFor(new Release("shop:v1", DateTimeOffset.UnixEpoch.AddYears(56)))] =
            ReleaseRecords.ValueFor(new Release("shop:v1", DateTimeOffset.UnixEpoch.AddYears(56)));

        await Task.WhenAll(
            new ReleaseHistory(new RecordingLog()).RecordAsync(Client(server), "shop", "shop:laptop", CancellationToken.None),
            new ReleaseHistory(new RecordingLog()).RecordAsync(Client(server), "shop", "shop:ci", CancellationToken.None));

        var history = await new ReleaseHistory(new RecordingLog()).ReadAsync(Client(server), "shop", CancellationToken.None);
        Assert.That(history.Releases.Select(r => r.Image), Is.EquivalentTo(new[] { "shop:laptop", "shop:ci", "shop:v1" }));
    }

    [Test]
    public async Task An_old_single_value_history_becomes_one_value_per_release_and_the_newest_ten_are_kept()
    {
        var server = new ConfigServer();
        var old = new ReleaseList(Enumerable.Range(0, 10).Select(i => new Release($"shop:{i}", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(-i))));
        server.Config[ReleaseList.ConfigKey] = old.Serialize();
        server.Config["GREETING"] = "hello";

        await new ReleaseHistory(new RecordingLog()).RecordAsync(Client(server), "shop", "shop:new", CancellationToken.None);

        var history = await new ReleaseHistory(new RecordingLog()).ReadAsync(Client(server), "shop", CancellationToken.None);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(history.Releases.Select(r => r.Image), Is.EqualTo(new[] { "shop:new" }.Concat(Enumerable.Range(0, 9).Select(i => $"shop:{i}"))));
            Assert.That(server.Config.ContainsKey(ReleaseList.ConfigKey), Is.False, "the old value is replaced");
            Assert.That(server.Config.Keys.Count(k => k.StartsWith(ReleaseRecords.KeyPrefix, StringComparison.Ordinal)), Is.EqualTo(10));
            Assert.That(server.Config["GREETING"], Is.EqualTo("hello"), "the app's own config is untouched");
        }
    }
}
