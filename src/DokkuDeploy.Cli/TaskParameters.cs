using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DokkuDeploy.Cli;

/// <summary>
/// Sets a task's parameters and reads its outputs by reflection, as MSBuild does: strings, booleans, numbers,
/// string arrays and items (with metadata). The parameters are the public settable properties the task's own
/// classes declare; MSBuild's Task base (BuildEngine, HostObject…) contributes none.
/// </summary>
static class TaskParameters
{
    public static IEnumerable<PropertyInfo> Of(Type taskType) =>
        taskType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.SetMethod is { IsPublic: true } && p.DeclaringType?.Assembly != typeof(Microsoft.Build.Utilities.Task).Assembly)
            .OrderBy(p => p.Name, StringComparer.Ordinal);

    /// <summary>{"Name": value, …} as the .NET Framework shim writes it.</summary>
    public static void SetFromJson(ITask task, string json)
    {
        using var document = ParseJson(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new UsageException("The parameters on stdin must be one JSON object: {\"Name\": value, …}.");
        }

        foreach (var parameter in document.RootElement.EnumerateObject())
        {
            var property = Find(task.GetType(), parameter.Name);
            property.SetValue(task, FromJson(parameter.Value, property));
        }
    }

    public static void Set(ITask task, string name, object value) => Find(task.GetType(), name).SetValue(task, value);

    /// <summary>[Required] parameters left unset or empty: MSBuild would refuse to run the task (MSB4044).</summary>
    public static IEnumerable<string> MissingRequired(ITask task) =>
        Of(task.GetType())
            .Where(p => p.GetCustomAttribute<RequiredAttribute>() is not null)
            .Where(p => p.GetValue(task) is null or "" or Array { Length: 0 })
            .Select(p => p.Name);

    /// <summary>Every [Output] value, an array one element at a time; unset outputs are left out.</summary>
    public static IEnumerable<(string Name, string Value)> Outputs(ITask task)
    {
        foreach (var property in Of(task.GetType()).Where(p => p.GetCustomAttribute<OutputAttribute>() is not null))
        {
            var values = property.GetValue(task) switch
            {
                null => [],
                string text => [text],
                bool flag => [flag ? "true" : "false"],
                int number => [number.ToString(CultureInfo.InvariantCulture)],
                ITaskItem item => [item.ItemSpec],
                ITaskItem[] items => items.Select(i => i.ItemSpec).ToArray(),
                string[] texts => texts,
                var other => new[] { other.ToString() ?? "" },
            };
            foreach (var value in values)
            {
                yield return (property.Name, value);
            }
        }
    }

    static PropertyInfo Find(Type taskType, string name) =>
        Of(taskType).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new UsageException($"The {taskType.Name} task has no parameter '{name}'. Its parameters: {string.Join(", ", Of(taskType).Select(p => p.Name))}.");

    static JsonDocument ParseJson(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new UsageException($"The parameters on stdin are not valid JSON: {e.Message}");
        }
    }

    static object? FromJson(JsonElement value, PropertyInfo property)
    {
        var type = property.PropertyType;
        try
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (type == typeof(string))
            {
                return value.GetString();
            }

            if (type == typeof(bool))
            {
                return value.ValueKind == JsonValueKind.String ? bool.Parse(value.GetString()!) : value.GetBoolean();
            }

            if (type == typeof(int))
            {
                return value.GetInt32();
            }

            if (type == typeof(string[]))
            {
                return value.EnumerateArray().Select(e => e.GetString() ?? "").ToArray();
            }

            if (type == typeof(ITaskItem))
            {
                return Item(value);
            }

            if (type == typeof(ITaskItem[]))
            {
                return value.EnumerateArray().Select(Item).ToArray();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new UsageException($"The parameter {property.Name} has a value of the wrong kind ({value.ValueKind}) for a {type.Name}.");
        }

        throw new UsageException($"The parameter {property.Name} is a {type.Name}, which this program cannot set.");
    }

    static ITaskItem Item(JsonElement value)
    {
        var item = new TaskItem(value.GetProperty("ItemSpec").GetString() ?? "");
        if (value.TryGetProperty("Metadata", out var metadata))
        {
            foreach (var entry in metadata.EnumerateObject())
            {
                item.SetMetadata(entry.Name, entry.Value.GetString() ?? "");
            }
        }

        return item;
    }
}
