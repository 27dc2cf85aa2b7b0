using Docker.DotNet.Models;
using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Logging;

namespace DokkuDeploy.Core.Registry;

/// <summary>
/// Follows the engine's push messages as they arrive: one Detail per layer state ("Pushed",
/// "Layer already exists"), the byte counts of layers actually uploaded, the digest, and the error
/// message, which is how a failed push is reported (the HTTP call itself succeeds). Synchronous,
/// like BuildOutputReader, so nothing arrives after the push returned.
/// </summary>
sealed class PushOutputReader(IDeployLog log) : IProgress<JSONMessage>
{
    readonly Dictionary<string, long> uploading = new(StringComparer.Ordinal);
    readonly HashSet<string> pushed = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> lastStatus = new(StringComparer.Ordinal);

    public string? Error { get; private set; }

    /// <summary>The manifest digest the registry answered with ("sha256:…").</summary>
    public string? Digest { get; private set; }

    /// <summary>Bytes of the layers the registry did not have (their compressed size, as the engine counts it).</summary>
    public long BytesPushed => pushed.Sum(id => uploading.GetValueOrDefault(id));

    public int LayersPushed => pushed.Count;

    public int LayersSkipped { get; private set; }

    public void Report(JSONMessage value)
    {
        if (value.Error?.Message is { Length: > 0 } error)
        {
            Error ??= error.Trim();
            return;
        }

        var status = value.Status?.Trim() ?? "";
        var id = value.ID;
        if (id is null)
        {
            if (status.Length > 0)
            {
                // "The push refers to repository [...]", and "TAG: digest: sha256:… size: N" at the end.
                log.Detail(status);
                var digestAt = status.IndexOf("digest: ", StringComparison.Ordinal);
                if (digestAt >= 0)
                {
                    Digest = status[(digestAt + 8)..].Split(' ', 2)[0];
                }
            }

            return;
        }

        if (status == "Pushing")
        {
            var size = Math.Max(value.Progress?.Total ?? 0, value.Progress?.Current ?? 0);
            if (size > 0)
            {
                uploading[id] = Math.Max(uploading.GetValueOrDefault(id), size);
            }

            return;
        }

        if (lastStatus.TryGetValue(id, out var previous) && previous == status)
        {
            return;
        }

        lastStatus[id] = status;
        switch (status)
        {
            case "Pushed":
                pushed.Add(id);
                log.Detail($"{id}: Pushed ({Bytes.Format(uploading.GetValueOrDefault(id))})");
                break;
            case "Layer already exists":
                LayersSkipped++;
                log.Detail($"{id}: {status}");
                break;
            default:
                if (status.StartsWith("Mounted from", StringComparison.Ordinal))
                {
                    LayersSkipped++;
                }

                log.Detail($"{id}: {status}");
                break;
        }
    }
}
