using System.Text.Json;
using System.Text.Json.Nodes;

namespace DokkuDeploy.Core.Dockerfiles;

/// <summary>
/// The app.json Dokku reads from the image's working directory. Without a web healthcheck Dokku waits
/// a fixed time (10 s by default) before it trusts a new container; with one it moves on as soon as
/// the app answers, and refuses a release that never does.
/// </summary>
public static class AppJson
{
    public const string FileName = "app.json";

    /// <summary>Dokku runs one web process by default and no other (formation quantity 0): a worker is scaled to one here.</summary>
    public static string WithWorker() =>
        new JsonObject
        {
            ["formation"] = new JsonObject { [AppShape.Worker] = new JsonObject { ["quantity"] = 1 } },
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    /// <summary>Whether an app's own app.json starts a worker: formation.worker.quantity above 0.</summary>
    public static bool ScalesWorker(string json)
    {
        try
        {
            return JsonNode.Parse(json)?["formation"]?[AppShape.Worker]?["quantity"]?.GetValue<int>() > 0;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    public static string WithHealthCheck(string path) =>
        new JsonObject
        {
            ["healthchecks"] = new JsonObject
            {
                ["web"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["type"] = "startup",
                        ["name"] = "DokkuDeploy health check",
                        ["description"] = $"Added by DokkuDeploy: the release is live once {path} answers",
                        ["path"] = path,
                        ["attempts"] = 20,
                        ["wait"] = 1,
                        ["timeout"] = 5,
                    },
                },
            },
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
}
