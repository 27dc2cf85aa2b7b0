using System.Reflection;
using System.Text.RegularExpressions;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Tests.Errors;

public sealed class DeployErrorsTests
{
    static MethodInfo[] Factories => ErrorCodeInventory.Factories;

    static IEnumerable<(string Method, DeployException Error)> All() => ErrorCodeInventory.FactoryErrors();

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
