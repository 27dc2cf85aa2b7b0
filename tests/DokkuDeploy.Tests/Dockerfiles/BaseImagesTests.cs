using NUnit.Framework;
using DokkuDeploy.Core.Dockerfiles;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Tests.Dockerfiles;

public class BaseImagesTests
{
    [TestCase("10.0", true, ExpectedResult = "mcr.microsoft.com/dotnet/aspnet:10.0")]
    [TestCase("v10.0", true, ExpectedResult = "mcr.microsoft.com/dotnet/aspnet:10.0")]
    [TestCase("10.0", false, ExpectedResult = "mcr.microsoft.com/dotnet/runtime:10.0")]
    [TestCase("v8.0", true, ExpectedResult = "mcr.microsoft.com/dotnet/aspnet:8.0")]
    [TestCase("v8.0", false, ExpectedResult = "mcr.microsoft.com/dotnet/runtime:8.0")]
    [TestCase("9.0", true, ExpectedResult = "mcr.microsoft.com/dotnet/aspnet:9.0")]
    [TestCase(" V11.0 ", true, ExpectedResult = "mcr.microsoft.com/dotnet/aspnet:11.0")]
    [TestCase("10", true, ExpectedResult = "mcr.microsoft.com/dotnet/aspnet:10.0")]
    public string Picks_the_official_image(string version, bool isWebApp) => BaseImages.DefaultFor(version, isWebApp);

    [TestCase("")]
    [TestCase("net10.0")]
    [TestCase("latest")]
    [TestCase("v")]
    public void Refuses_what_is_not_a_version(string version) =>
        Assert.That(Assert.Throws<DeployException>(() => BaseImages.DefaultFor(version, true))!.Code, Is.EqualTo("DOKKU2009"));
}
