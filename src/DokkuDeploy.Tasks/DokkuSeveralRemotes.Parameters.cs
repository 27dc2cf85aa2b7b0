namespace DokkuDeploy.Tasks;

/// <summary>
/// The task's parameters, and nothing else: this file is compiled into the .NET task and into the
/// .NET Framework shim that Visual Studio loads, so both declare exactly the same parameters.
/// </summary>
public sealed partial class DokkuSeveralRemotes
{
    /// <summary>The DokkuRemote items, none of which was chosen.</summary>
    public string[] Remotes { get; set; } = [];
}
