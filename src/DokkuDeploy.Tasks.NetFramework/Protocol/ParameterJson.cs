using System.Reflection;
using System.Text;
using Microsoft.Build.Framework;

namespace DokkuDeploy.Tasks.Protocol;

/// <summary>
/// A task's input parameters as one line of JSON, for the child's stdin: {"Name": value, …} with strings,
/// booleans, and items as {"ItemSpec": "…", "Metadata": {"Key": "…"}}. Unset strings are left out. Everything
/// outside ASCII is written as \u escapes, so no code page between the two processes can change a byte.
/// Config values and other secrets travel only here, never on a command line.
/// </summary>
static class ParameterJson
{
    public static string Write(object task)
    {
        var json = new StringBuilder("{");
        var first = true;
        foreach (var property in InputParameters(task.GetType()))
        {
            var value = property.GetValue(task);
            if (value is null)
            {
                continue;
            }

            if (!first)
            {
                json.Append(',');
            }

            first = false;
            WriteString(property.Name, json);
            json.Append(':');
            WriteValue(value, property, json);
        }

        return json.Append('}').ToString();
    }

    /// <summary>The public settable properties the DokkuDeploy task classes declare, inputs only: MSBuild's own (BuildEngine, HostObject…) are not parameters.</summary>
    public static IEnumerable<PropertyInfo> InputParameters(Type taskType) =>
        Parameters(taskType).Where(p => p.GetCustomAttribute<OutputAttribute>() is null);

    public static IEnumerable<PropertyInfo> Parameters(Type taskType) =>
        taskType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.CanWrite && p.GetSetMethod() is not null && typeof(DokkuTask).IsAssignableFrom(p.DeclaringType))
            .OrderBy(p => p.Name, StringComparer.Ordinal);

    public static bool IsSupported(Type type) =>
        type == typeof(string) || type == typeof(bool) || type == typeof(int) || type == typeof(string[])
        || type == typeof(ITaskItem) || type == typeof(ITaskItem[]);

    static void WriteValue(object value, PropertyInfo property, StringBuilder json)
    {
        switch (value)
        {
            case string text:
                WriteString(text, json);
                break;
            case bool flag:
                json.Append(flag ? "true" : "false");
                break;
            case int number:
                json.Append(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case ITaskItem item:
                WriteItem(item, json);
                break;
            case ITaskItem[] items:
                WriteArray(items, json, WriteItem);
                break;
            case string[] texts:
                WriteArray(texts, json, WriteString);
                break;
            default:
                throw new NotSupportedException($"The parameter {property.DeclaringType?.Name}.{property.Name} is a {property.PropertyType}, which the .NET Framework shim cannot pass on.");
        }
    }

    static void WriteArray<T>(T[] values, StringBuilder json, Action<T, StringBuilder> write)
    {
        json.Append('[');
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                json.Append(',');
            }

            write(values[i], json);
        }

        json.Append(']');
    }

    static void WriteItem(ITaskItem item, StringBuilder json)
    {
        json.Append("{\"ItemSpec\":");
        WriteString(item.ItemSpec, json);
        json.Append(",\"Metadata\":{");
        var metadata = item.CloneCustomMetadata();
        var first = true;
        foreach (var key in metadata.Keys.Cast<object>().Select(k => k.ToString()!).OrderBy(k => k, StringComparer.Ordinal))
        {
            if (!first)
            {
                json.Append(',');
            }

            first = false;
            WriteString(key, json);
            json.Append(':');
            WriteString(item.GetMetadata(key), json);
        }

        json.Append("}}");
    }

    static void WriteString(string text, StringBuilder json)
    {
        json.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        json.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        json.Append(c);
                    }

                    break;
            }
        }

        json.Append('"');
    }
}
