using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Dokku;

public class DokkuCommandTests
{
    [Test]
    public void Puts_global_flags_first_then_command_then_arguments()
    {
        var command = new DokkuCommand("apps:destroy").Arg("app").Force().Quiet();
        Assert.That(command.ToWire(), Is.EqualTo("--quiet --force apps:destroy app"));
        Assert.That(command.ToDisplay(), Is.EqualTo("--quiet --force apps:destroy app"));
    }

    [TestCase("version", new string[0], "version")]
    [TestCase("apps:exists", new[] { "app" }, "apps:exists app")]
    [TestCase("ports:set", new[] { "app", "http:80:5000" }, "ports:set app http:80:5000")]
    [TestCase("config:set", new[] { "app", "A=hello world" }, "config:set app 'A=hello world'")]
    [TestCase("config:set", new[] { "app", "A=it's" }, "config:set app 'A=it'\\''s'")]
    [TestCase("config:set", new[] { "app", "" }, "config:set app ''")]
    [TestCase("config:set", new[] { "app", "$HOME" }, "config:set app '$HOME'")]
    [TestCase("config:set", new[] { "app", "*" }, "config:set app '*'")]
    [TestCase("config:set", new[] { "app", "a\nb" }, "config:set app 'a'\\\n'b'")]
    [TestCase("domains:set", new[] { "app", "example.com" }, "domains:set app example.com")]
    public void Quotes_only_when_needed(string name, string[] args, string expected)
    {
        Assert.That(new DokkuCommand(name).Args(args).ToWire(), Is.EqualTo(expected));
    }

    [Test]
    public void Secret_arguments_are_sent_but_displayed_as_stars()
    {
        var command = new DokkuCommand("config:set").Quiet().Arg("--encoded").Arg("app").SecretArg("KEY=", "c2VjcmV0").SecretArg("MY KEY=", "x y");
        Assert.That(command.ToWire(), Is.EqualTo("--quiet config:set --encoded app KEY=c2VjcmV0 'MY KEY=x y'"));
        Assert.That(command.ToDisplay(), Is.EqualTo("--quiet config:set --encoded app KEY=*** 'MY KEY='***"));
        Assert.That(command.ToString(), Is.EqualTo(command.ToDisplay()));
        Assert.That(command.Arguments, Is.EqualTo(new[] { "--encoded", "app", "KEY=c2VjcmV0", "MY KEY=x y" }));
    }

    [Test]
    public void Git_commands_take_plain_tokens()
    {
        var command = new DokkuCommand("git:load-image").Arg("app").Arg("registry.example:5000/team/app:v1.2@sha256:abc");
        Assert.That(command.TakesPlainTokensOnly, Is.True);
        Assert.That(command.ToWire(), Is.EqualTo("git:load-image app registry.example:5000/team/app:v1.2@sha256:abc"));
    }

    [TestCase("git:load-image", "my image")]
    [TestCase("git:load-image", "")]
    [TestCase("git:load-image", "it's")]
    [TestCase("git:from-image", "a\"b")]
    [TestCase("git:from-image", "$IMAGE")]
    [TestCase("git:from-image", "img*")]
    [TestCase("git:from-image", "a\\b")]
    [TestCase("git:from-image", "a\tb")]
    [TestCase("git:from-image", "a\nb")]
    [TestCase("git-receive-pack", "'app'")]
    [TestCase("git:from-image", "ïmage")]
    [TestCase("git:from-image", "a;b")]
    public void Git_commands_refuse_arguments_Dokku_would_split_or_mangle(string name, string argument)
    {
        var error = Assert.Throws<DeployException>(() => new DokkuCommand(name).Arg(argument))!;
        Assert.That(error.Code, Is.EqualTo("DOKKU1007"));
    }

    [Test]
    public void Nul_cannot_be_sent()
    {
        Assert.That(Assert.Throws<DeployException>(() => new DokkuCommand("config:set").Arg("a\0b"))!.Code, Is.EqualTo("DOKKU1008"));
    }

    [Test]
    public void Too_long_a_line_is_refused_before_xargs_would_split_it()
    {
        var command = new DokkuCommand("config:set").Arg("app").SecretArg("BIG=", new string('x', DokkuCommand.MaxWireLength));
        var error = Assert.Throws<DeployException>(() => command.ToWire())!;
        Assert.That(error.Code, Is.EqualTo("DOKKU1009"));
        Assert.That(error.Message, Does.Not.Contain("xxxxxxxx"));
    }

    [TestCase("")]
    [TestCase("Apps:list")]
    [TestCase("apps list")]
    [TestCase("--quiet")]
    [TestCase("a;b")]
    public void Command_names_are_checked(string name)
    {
        Assert.Throws<ArgumentException>(() => _ = new DokkuCommand(name));
    }

    private static readonly string[][] RoundTripCases =
    {
        new[] { "plain" },
        new[] { "hello world" },
        new[] { "  leading and trailing  " },
        new[] { "it's" },
        new[] { "'" },
        new[] { "''" },
        new[] { "'''" },
        new[] { "\"" },
        new[] { "say \"hi\"" },
        new[] { "mixed 'single' and \"double\"" },
        new[] { "$HOME", "${PATH}", "$(id)", "`id`" },
        new[] { "*", "?", "[a-z]", "~", "~root" },
        new[] { "back\\slash", "\\", "\\\\", "end\\", "\\'", "'\\" },
        new[] { "" },
        new[] { "", "", "" },
        new[] { "a", "", "b" },
        new[] { "tab\there" },
        new[] { "new\nline", "\n", "\n\n", "trailing\n" },
        new[] { "cr\rhere" },
        new[] { "unicode é ü ß 日本語 🚀" },
        new[] { "ａｂｃ", "\u00a0nbsp", "zero\u200bwidth" },
        new[] { "semi;colon", "pipe|x", "amp&x", "gt>x", "lt<x", "paren(x)", "brace{x}" },
        new[] { "#comment", "a#b", "!bang", "%percent", "^caret" },
        new[] { "--quiet", "-x", "--", "-" },
        new[] { "KEY=value with spaces", "EMPTY=", "=", "A==B" },
        new[] { "p@ss w0rd$" },
    };

    [TestCaseSource(nameof(RoundTripCases))]
    public void Real_xargs_splits_the_wire_back_into_the_exact_arguments(string[] args)
    {
        Prerequisite.Require(Xargs.IsAvailable, "needs GNU xargs (apt-get install findutils)");
        var command = new DokkuCommand("config:set").Quiet().Args(args);
        var split = Xargs.Split(command.ToWire());
        Assert.That(split, Is.EqualTo(new[] { "--quiet", "config:set" }.Concat(args)));
    }

    [Test]
    public void Real_xargs_round_trips_random_arguments([Range(0, 4)] int seed)
    {
        Prerequisite.Require(Xargs.IsAvailable, "needs GNU xargs (apt-get install findutils)");
        var random = new Random(seed);
        const string alphabet = "ab Z09 '\"\\$*?~`!#%^&()[]{}<>|;=,.:/@+-_\t\n\réü日🚀";
        var runes = alphabet.EnumerateRunes().Select(r => r.ToString()).ToArray();
        for (var i = 0; i < 20; i++)
        {
            var args = Enumerable.Range(0, random.Next(1, 6))
                .Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => runes[random.Next(runes.Length)])))
                .ToArray();
            var command = new DokkuCommand("config:set").Args(args);
            Assert.That(Xargs.Split(command.ToWire()), Is.EqualTo(new[] { "config:set" }.Concat(args)), command.ToWire());
        }
    }

    [Test]
    public void Git_command_wire_splits_on_whitespace_into_the_arguments()
    {
        var command = new DokkuCommand("git:load-image").Arg("app").Arg("example/app1:v1");
        Assert.That(command.ToWire().Split(' ', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "git:load-image", "app", "example/app1:v1" }));
    }
}
