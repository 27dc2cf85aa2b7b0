using System.Formats.Tar;
using System.Text;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.TestBed.Tests;

/// <summary>A build context as the engine receives it: a Dockerfile and any files, as a tar with fixed times and modes.</summary>
static class ContextTar
{
    public static Func<Stream, CancellationToken, Task> Of(string dockerfile, params (string Name, string Content)[] files) => async (stream, ct) =>
    {
        await using (var tar = new TarWriter(stream, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, content) in files.Prepend(("Dockerfile", dockerfile)))
            {
                var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
                {
                    DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
                    ModificationTime = DateTimeOffset.UnixEpoch,
                    Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                };
                await tar.WriteEntryAsync(entry, ct);
            }
        }

        await stream.FlushAsync(ct);
    };
}

/// <summary>What DokkuDeploy logged: steps and details in order, warnings apart.</summary>
sealed class LinesLog : IDeployLog
{
    public List<string> Lines { get; } = [];

    public List<string> Warnings { get; } = [];

    public void Step(string message) => Lines.Add(message);

    public void Detail(string message) => Lines.Add(message);

    public void Warning(string code, string message) => Warnings.Add($"{code} {message}");
}
