namespace DokkuDeploy.Core.Errors;

public static partial class DeployErrors
{
    public static DeployException CompressInvalid(string value) => new(
        "DOKKU1123",
        $"DokkuCompress '{value}' is not a way to send the image. Use auto (the default: gzip when this server's link " +
        "was measured slower than compressing), gzip (always) or none (never).");
}
