namespace DokkuDeploy.Core.Deploy;

/// <summary>How every host reads a text setting: blank means not set.</summary>
public static class Setting
{
    public static string? OrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
