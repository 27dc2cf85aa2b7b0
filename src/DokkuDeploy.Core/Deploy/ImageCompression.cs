using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Core.Deploy;

/// <summary>DokkuCompress: whether the image stream into `git:load-image` is gzipped.</summary>
public enum ImageCompression
{
    /// <summary>Gzip when this server's link was measured slower than the compressor (<see cref="CompressionChoice"/>).</summary>
    Auto,

    Gzip,

    None,
}

public static class ImageCompressionSetting
{
    /// <summary>Reads DokkuCompress: auto (or blank), gzip, none.</summary>
    public static ImageCompression Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => ImageCompression.Auto,
        "gzip" => ImageCompression.Gzip,
        "none" => ImageCompression.None,
        _ => throw DeployErrors.CompressInvalid(value),
    };
}
