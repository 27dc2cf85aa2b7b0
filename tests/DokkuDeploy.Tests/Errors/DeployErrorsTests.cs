using System.Reflection;
using System.Text.RegularExpressions;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Tests.Errors;

public sealed class DeployErrorsTests
{
    static readonly MethodInfo[] Factories = typeof(DeployErrors)
        .GetMethods(BindingFlags.Public | BindingFlags.Static)
        .Where(m => m.ReturnType == typeof(DeployException))
        .ToArray();

    static IEnumerable<(string Method, DeployException Error)> All() =>
        Factories.Select(m => (m.Name, (DeployException)m.Invoke(null, m.GetParameters().Select(Dummy).ToArray())!));

    static object? Dummy(ParameterInfo parameter) => parameter.ParameterType switch
    {
        var t when t == typeof(string) => "x",
        var t when t == typeof(int) => 1,
        var t when t == typeof(long) => 1L,
        var t when t == typeof(IReadOnlyList<string>) || t == typeof(IEnumerable<string>) => new[] { "x" },
        var t when t.IsValueType => Activator.CreateInstance(t),
        _ => null,
    };

    [Test]
    public void There_are_many_coded_errors() => Assert.That(Factories, Has.Length.GreaterThan(20));

    [Test]
    public void Every_code_is_unique()
    {
        var duplicates = All().GroupBy(e => e.Error.Code).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}");
        Assert.That(duplicates, Is.Empty);
    }

    [Test]
    public void Every_code_has_the_DOKKU_form_and_sits_in_its_range()
    {
        foreach (var (method, error) in All())
        {
            Assert.That(error.Code, Does.Match("^DOKKU[1-9][0-9]{3}$"), method);
        }
    }

    [Test]
    public void Every_message_says_what_to_do()
    {
        foreach (var (method, error) in All())
        {
            Assert.That(error.Message.Length, Is.GreaterThan(60), method);
            Assert.That(Regex.IsMatch(error.Message, @"\.\s|:\s"), Is.True, $"{method}: one sentence is not enough: {error.Message}");
        }
    }
}
