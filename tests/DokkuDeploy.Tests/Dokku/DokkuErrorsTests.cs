using System.Reflection;
using DokkuDeploy.Core.Errors;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Dokku;

/// <summary>The Dokku client's error ranges: DOKKU1000–1099 (input) and DOKKU5000–5999 (server).</summary>
public class DokkuErrorsTests
{
    private static IEnumerable<(MethodInfo Method, DeployException Error)> OwnErrors()
    {
        foreach (var method in typeof(DeployErrors).GetMethods(BindingFlags.Public | BindingFlags.Static)
                     .Where(m => m.ReturnType == typeof(DeployException)))
        {
            var args = method.GetParameters().Select(p => p.ParameterType == typeof(int) ? (object)7
                : p.ParameterType == typeof(string) ? "arg-" + p.Name
                : p.ParameterType.IsAssignableFrom(typeof(string[])) ? new[] { "arg-" + p.Name }
                : p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType)
                : null).ToArray();
            var error = (DeployException)method.Invoke(null, args)!;
            var number = int.Parse(error.Code.Substring("DOKKU".Length));
            if (number is >= 1000 and <= 1099 or >= 5000 and <= 5999)
            {
                yield return (method, error);
            }
        }
    }

    [Test]
    public void Codes_are_unique_and_well_formed()
    {
        var errors = OwnErrors().ToList();
        Assert.That(errors, Has.Count.GreaterThanOrEqualTo(19));
        Assert.That(errors.Select(e => e.Error.Code), Is.Unique);
        Assert.That(errors.Select(e => e.Error.Code), Has.All.Match("^DOKKU[15][0-9]{3}$"));
    }

    [Test]
    public void Messages_say_what_to_do_without_line_breaks()
    {
        foreach (var (method, error) in OwnErrors())
        {
            Assert.That(error.Message.Length, Is.GreaterThan(80), method.Name);
            Assert.That(error.Message, Does.Not.Contain("\n"), method.Name);
            Assert.That(error.Message, Does.Match("(Set|Use|Create|Check|Choose|Read|Upgrade|Fix|Remove|Send|Make sure)"), method.Name);
        }
    }
}
