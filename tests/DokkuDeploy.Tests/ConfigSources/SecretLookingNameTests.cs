using DokkuDeploy.Core.ConfigSources;
using NUnit.Framework;

namespace DokkuDeploy.Tests.ConfigSources;

public class SecretLookingNameTests
{
    [TestCase("DB_PASSWORD")]
    [TestCase("Db__Password")]
    [TestCase("POSTGRES_PASSWD")]
    [TestCase("MYSQL_PWD")]
    [TestCase("JWT_SECRET")]
    [TestCase("Auth__ClientSecret")]
    [TestCase("GITHUB_TOKEN")]
    [TestCase("Slack__BotToken")]
    [TestCase("STRIPE_API_KEY")]
    [TestCase("OpenAi__ApiKey")]
    [TestCase("APIKEY")]
    [TestCase("Jwt__Key")]
    [TestCase("Jwt__SigningKey")]
    [TestCase("DATA_PROTECTION_KEYS")]
    [TestCase("AWS_SECRET_ACCESS_KEY")]
    [TestCase("ConnectionStrings__Shop")]
    [TestCase("CONNECTIONSTRINGS__DEFAULT")]
    [TestCase("Kestrel__Certificates__Default__Password")]
    [TestCase("SENTRY_DSN")]
    [TestCase("PASSWORD_SALT")]
    [TestCase("SMTP_PASS")]
    [TestCase("GOOGLE_CREDENTIALS")]
    [TestCase("PRIVATE_KEY")]
    public void A_secret_name_is_recognised(string key) => Assert.That(SecretLookingName.Matches(key), Is.True);

    [TestCase("ASPNETCORE_ENVIRONMENT")]
    [TestCase("DOTNET_ENVIRONMENT")]
    [TestCase("ASPNETCORE_URLS")]
    [TestCase("ASPNETCORE_HTTP_PORTS")]
    [TestCase("ASPNETCORE_FORWARDEDHEADERS_ENABLED")]
    [TestCase("Logging__LogLevel__Default")]
    [TestCase("AllowedHosts")]
    [TestCase("GREETING")]
    [TestCase("MONKEY_COUNT")]
    [TestCase("KEYCLOAK_URL")]
    [TestCase("Kestrel__Certificates__Default__Path")]
    [TestCase("PORT")]
    [TestCase("TZ")]
    [TestCase("FEATURE_PASSTHROUGH")]
    [TestCase("COMPASS_HEADING")]
    [TestCase("NO_VHOST")]
    public void An_ordinary_name_is_not(string key) => Assert.That(SecretLookingName.Matches(key), Is.False);

    [Test]
    public void Words_split_at_underscores_digits_and_camel_case() =>
        Assert.That(SecretLookingName.Words("Jwt__SigningKey2_ABC"), Is.EqualTo(new[] { "JWT", "SIGNING", "KEY", "ABC" }));
}
