using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace DokkuDeploy.Core.Docker;

/// <summary>
/// The entries that make a thin `docker save` tar of Docker 20.10 (ID/layer.tar, manifest.json) loadable by an
/// image store that imports through containerd as well: an OCI manifest per image, an index.json naming it,
/// and oci-layout. Docker's containerd image store (the default since Docker 29) and `ctr images import` resolve
/// manifest.json's layer paths inside the tar and refuse one that is missing ("failed to resolve layers: layer
/// ….tar not found") even when the store holds that layer; given an index.json they follow digests instead, and
/// take the left-out layers from the store. Docker's classic store reads manifest.json and ignores these entries.
/// Engines that write the OCI form themselves (Docker 25+: index.json, blobs/sha256/DIGEST) need nothing added.
/// </summary>
sealed class OciIndexAppendix
{
    const string LayerType = "application/vnd.oci.image.layer.v1.tar";

    readonly Dictionary<string, ImageLayer> layers = new(StringComparer.Ordinal);
    readonly Dictionary<string, byte[]> files = new(StringComparer.Ordinal);
    bool hasIndex;

    /// <summary>Small files are kept to build the appendix from: manifest.json and the image configs.</summary>
    public const long SmallFile = 4 << 20;

    public void SawLayer(string path, ImageLayer layer) => layers[path] = layer;

    public void SawFile(string path, byte[] content)
    {
        files[path] = content;
        hasIndex |= path == "index.json";
    }

    /// <summary>The entries to add before the end of the tar; none when the tar is already OCI or cannot be described.</summary>
    public IReadOnlyList<(string Path, byte[] Content)> Entries()
    {
        if (hasIndex || !files.TryGetValue("manifest.json", out var manifestJson))
        {
            return [];
        }

        var entries = new List<(string, byte[])>();
        var index = new JsonArray();
        foreach (var image in JsonNode.Parse(manifestJson)?.AsArray() ?? [])
        {
            if (OciManifest(image) is not { } manifest)
            {
                return [];
            }

            var digest = Sha256(manifest);
            entries.Add(($"blobs/sha256/{digest}", manifest));
            foreach (var tag in image?["RepoTags"]?.AsArray().Select(t => t?.GetValue<string>()).OfType<string>() ?? [])
            {
                index.Add(Descriptor("application/vnd.oci.image.manifest.v1+json", digest, manifest.Length, tag));
            }
        }

        var indexJson = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = "application/vnd.oci.image.index.v1+json", ["manifests"] = index };
        entries.Add(("index.json", Encoding.UTF8.GetBytes(indexJson.ToJsonString())));
        entries.Add(("oci-layout", """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray()));
        return entries;
    }

    byte[]? OciManifest(JsonNode? image)
    {
        if (image?["Config"]?.GetValue<string>() is not { } configPath || !files.TryGetValue(configPath, out var config))
        {
            return null;
        }

        // The digests come from the config, not from what was matched by size: a new layer that only had the size of
        // a held one is then named as what it is, missing from the store, and the import fails as for a lost layer.
        var paths = image["Layers"]?.AsArray().Select(l => l?.GetValue<string>()).ToList() ?? [];
        var diffIds = JsonNode.Parse(config)?["rootfs"]?["diff_ids"]?.AsArray().Select(d => d?.GetValue<string>()).ToList() ?? [];
        if (paths.Count != diffIds.Count)
        {
            return null;
        }

        var layerDescriptors = new JsonArray();
        for (var i = 0; i < paths.Count; i++)
        {
            if (paths[i] is not { } path || !layers.TryGetValue(path, out var layer) || diffIds[i] is not { } diffId || !diffId.StartsWith("sha256:", StringComparison.Ordinal))
            {
                return null;
            }

            layerDescriptors.Add(Descriptor(LayerType, diffId["sha256:".Length..], layer.Size));
        }

        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = Descriptor("application/vnd.oci.image.config.v1+json", Sha256(config), config.Length),
            ["layers"] = layerDescriptors,
        };
        return Encoding.UTF8.GetBytes(manifest.ToJsonString());
    }

    static JsonObject Descriptor(string mediaType, string hex, long size, string? tag = null)
    {
        var descriptor = new JsonObject { ["mediaType"] = mediaType, ["digest"] = "sha256:" + hex, ["size"] = size };
        if (tag is not null)
        {
            // The names Docker 25+ writes: containerd's importer takes the image's name from the first.
            descriptor["annotations"] = new JsonObject
            {
                ["io.containerd.image.name"] = FullyQualified(tag),
                ["org.opencontainers.image.ref.name"] = tag[(tag.LastIndexOf(':') + 1)..],
            };
        }

        return descriptor;
    }

    /// <summary>"hello:1" is docker.io/library/hello:1 and "dokku/hello:1" docker.io/dokku/hello:1, as Docker reads them.</summary>
    public static string FullyQualified(string tag)
    {
        var slash = tag.IndexOf('/');
        if (slash < 0)
        {
            return "docker.io/library/" + tag;
        }

        var first = tag[..slash];
        var isRegistry = first.Contains('.') || first.Contains(':') || first == "localhost";
        return isRegistry ? tag : "docker.io/" + tag;
    }

    static string Sha256(byte[] content) => Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();
}
