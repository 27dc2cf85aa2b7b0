using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Dokku;

public class AppNameTests
{
    [TestCase("a")]
    [TestCase("0")]
    [TestCase("app")]
    [TestCase("my-app")]
    [TestCase("my.app")]
    [TestCase("my--app")]
    [TestCase("app-")]
    [TestCase("app.")]
    [TestCase("1app")]
    [TestCase("123")]
    [TestCase("a.b-c.d")]
    [TestCase("api.internal")]
    [TestCase("hello")]
    [TestCase("txapp")]
    [TestCase("app2")]
    [TestCase("x-1.2-y")]
    [TestCase("a..b")]
    [TestCase("averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongname")]
    public void Accepts_what_dokku_accepts(string name)
    {
        Assert.That(AppName.IsValid(name), Is.True);
        Assert.DoesNotThrow(() => AppName.Validate(name));
    }

    [TestCase("App")]
    [TestCase("myApp")]
    [TestCase("MYAPP")]
    [TestCase("-app")]
    [TestCase(".app")]
    [TestCase("my_app")]
    [TestCase("_app")]
    [TestCase("my app")]
    [TestCase(" app")]
    [TestCase("app ")]
    [TestCase("my/app")]
    [TestCase("my:app")]
    [TestCase("app@host")]
    [TestCase("app$")]
    [TestCase("app*")]
    [TestCase("app'")]
    [TestCase("app\"")]
    [TestCase("app\n")]
    [TestCase("app\t")]
    [TestCase("ápp")]
    [TestCase("app\u00e9")]
    [TestCase("ａpp")]
    [TestCase("app\u0000")]
    [TestCase("app;rm")]
    [TestCase("app|x")]
    [TestCase("app`x`")]
    [TestCase("app+1")]
    [TestCase("app=1")]
    [TestCase("app,1")]
    [TestCase("app~")]
    public void Rejects_what_dokku_rejects_with_DOKKU1005_and_a_valid_suggestion(string name)
    {
        Assert.That(AppName.IsValid(name), Is.False);
        var error = Assert.Throws<DeployException>(() => AppName.Validate(name))!;
        Assert.That(error.Code, Is.EqualTo("DOKKU1005"));
        Assert.That(error.Message, Does.Contain("lowercase"));
        Assert.That(AppName.IsValid(AppName.Suggest(name)), Is.True, AppName.Suggest(name));
        Assert.That(error.Message, Does.Contain($"'{AppName.Suggest(name)}'"));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Empty_is_DOKKU1004(string? name)
    {
        Assert.That(AppName.IsValid(name), Is.False);
        Assert.That(Assert.Throws<DeployException>(() => AppName.Validate(name))!.Code, Is.EqualTo("DOKKU1004"));
    }

    [TestCase("My_App", "my-app")]
    [TestCase("MyApp", "myapp")]
    [TestCase("my app", "my-app")]
    [TestCase("  Web API  ", "web-api")]
    [TestCase("-app-", "app")]
    [TestCase("__", "app")]
    [TestCase("Contoso.Web", "contoso.web")]
    [TestCase("a___b", "a-b")]
    [TestCase("", "app")]
    public void Suggests_a_close_valid_name(string name, string expected)
    {
        Assert.That(AppName.Suggest(name), Is.EqualTo(expected));
    }

    [Test]
    public void Suggestion_is_always_valid_for_random_input()
    {
        var random = new Random(1234);
        for (var i = 0; i < 2000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 20)).Select(_ => (char)random.Next(0, 0x300)).ToArray());
            Assert.That(AppName.IsValid(AppName.Suggest(text)), Is.True, text);
        }
    }
}
