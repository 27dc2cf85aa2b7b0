using System.Text.RegularExpressions;

namespace DokkuDeploy.Core.Dockerfiles;

/// <summary>
/// What an ASP.NET Core environment check in source says in the environment the deployed app runs in:
/// IsDevelopment(), IsProduction(), IsStaging(), IsEnvironment("X") or IsEnvironment(Environments.X),
/// EnvironmentName == "X", and the ASPNETCORE_ENVIRONMENT / DOTNET_ENVIRONMENT variables compared with a name.
/// Anything else is the app's own business: Unknown.
/// </summary>
static partial class EnvironmentCondition
{
    public static Truth Evaluate(string condition, string environment) =>
        TruthLogic.Evaluate(condition, operand => Operand(operand, environment));

    /// <summary>A #if expression in a Release build: DEBUG is not defined, RELEASE is; other symbols are unknown.</summary>
    public static Truth ReleaseSymbols(string expression) =>
        TruthLogic.Evaluate(expression, symbol => symbol.Trim() switch
        {
            "DEBUG" or "false" => Truth.False,
            "RELEASE" or "true" => Truth.True,
            _ => Truth.Unknown,
        });

    static Truth Operand(string operand, string environment)
    {
        var text = WhiteSpace().Replace(operand, "");
        if (Compared().Match(text) is { Success: true } compared)
        {
            var inner = Operand(compared.Groups["check"].Value, environment);
            var wanted = compared.Groups["value"].Value == "true";
            var negated = compared.Groups["op"].Value is "!=" or "isnot";
            return negated ^ wanted ? inner : inner.Not();
        }

        var name = Check().Match(text) is { Success: true } check ? check.Groups["name"].Value
            : NameComparison().Match(text) is { Success: true } comparison ? comparison.Groups["name"].Value
            : null;
        if (name is null)
        {
            return Truth.Unknown;
        }

        var equal = string.Equals(name, environment, StringComparison.OrdinalIgnoreCase) ? Truth.True : Truth.False;
        return text.Contains("!=", StringComparison.Ordinal) ? equal.Not() : equal;
    }

    // env.IsDevelopment() == false, env.IsProduction() is true
    [GeneratedRegex(@"^(?<check>.+?)(?<op>==|!=|is(?:not)?)(?<value>true|false)$")]
    private static partial Regex Compared();

    [GeneratedRegex(@"(?:^|\.)Is(?:(?<name>Development|Production|Staging)\(\)|Environment\((?:""(?<name>[^""]*)""|(?:Microsoft\.Extensions\.Hosting\.)?Environments\.(?<name>\w+))\))$")]
    private static partial Regex Check();

    [GeneratedRegex(@"^(?:(?:[\w.]*\.)?EnvironmentName|(?:System\.)?Environment\.GetEnvironmentVariable\(""(?:ASPNETCORE|DOTNET)_ENVIRONMENT""\))(?:==|!=)(?:""(?<name>[^""]*)""|(?:[\w.]*\.)?Environments\.(?<name>\w+))$|^(?:""(?<name>[^""]*)""|(?:[\w.]*\.)?Environments\.(?<name>\w+))(?:==|!=)(?:(?:[\w.]*\.)?EnvironmentName|(?:System\.)?Environment\.GetEnvironmentVariable\(""(?:ASPNETCORE|DOTNET)_ENVIRONMENT""\))$")]
    private static partial Regex NameComparison();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
