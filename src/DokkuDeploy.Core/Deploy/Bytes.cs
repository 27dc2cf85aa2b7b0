using System.Globalization;

namespace DokkuDeploy.Core.Deploy;

static class Bytes
{
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0 KB", CultureInfo.InvariantCulture),
        < 1024L * 1024 * 1024 => (bytes / 1024.0 / 1024).ToString("0.0 MB", CultureInfo.InvariantCulture),
        _ => (bytes / 1024.0 / 1024 / 1024).ToString("0.00 GB", CultureInfo.InvariantCulture),
    };
}
