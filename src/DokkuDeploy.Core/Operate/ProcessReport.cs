namespace DokkuDeploy.Core.Operate;

/// <summary>What <c>ps:report APP</c> says about an app's processes.</summary>
/// <param name="Statuses">"Status web 1: running (CID: …)" lines as ("web.1", "running (CID: …)").</param>
public sealed record ProcessReport(bool Deployed, bool Running, int Processes, IReadOnlyList<(string Process, string Status)> Statuses)
{
    /// <summary>Reads the "Label: value" lines below the "=====> APP ps information" header; unknown labels are ignored.</summary>
    public static ProcessReport Parse(IEnumerable<string> lines)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var statuses = new List<(string, string)>();
        foreach (var line in lines)
        {
            var text = line.Trim();
            var colon = text.IndexOf(':');
            if (text.StartsWith("=====>", StringComparison.Ordinal) || colon <= 0)
            {
                continue;
            }

            var label = text[..colon].Trim();
            var value = text[(colon + 1)..].Trim();
            if (label.StartsWith("Status ", StringComparison.OrdinalIgnoreCase))
            {
                var parts = label["Status ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                statuses.Add((string.Join('.', parts), value));
            }
            else
            {
                values.TryAdd(label, value);
            }
        }

        return new ProcessReport(
            IsTrue(values, "Deployed"),
            IsTrue(values, "Running"),
            values.TryGetValue("Processes", out var count) && int.TryParse(count, out var processes) ? processes : 0,
            statuses);
    }

    static bool IsTrue(Dictionary<string, string> values, string label) =>
        values.TryGetValue(label, out var value) && value.Equals("true", StringComparison.OrdinalIgnoreCase);
}
