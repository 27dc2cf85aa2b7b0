using DokkuDeploy.Core.Dokku;
using NUnit.Framework;

namespace DokkuDeploy.Tests.Dokku;

public class SecretMaskTests
{
    private static readonly SecretMask Mask = new(["base64token"], new Dictionary<string, string>
    {
        ["PIN"] = "ab",
        ["FLAG"] = "1",
        ["LONG_SECRET"] = "hunter22",
        ["EMPTY"] = "",
        ["ODD"] = "a.b",
    });

    [TestCase("       PIN:  ab", "       PIN:  ***")]
    [TestCase("PIN=ab", "PIN=***")]
    [TestCase("export PIN='ab'", "export PIN='***'")]
    [TestCase("{\"FLAG\":\"1\",\"PIN\":\"ab\"}", "{\"FLAG\":\"***\",\"PIN\":\"***\"}")]
    [TestCase(" !     Invalid env pair: PIN=ab", " !     Invalid env pair: PIN=***")]
    [TestCase("PIN: ab, FLAG: 1;", "PIN: ***, FLAG: ***;")]
    [TestCase("FLAG=1 PIN = ab", "FLAG=*** PIN = ***")]
    [TestCase("ODD=a.b", "ODD=***")]
    public void A_short_value_is_masked_after_its_key(string line, string masked) =>
        Assert.That(Mask.Apply(line), Is.EqualTo(masked));

    [TestCase("abandon the lab, 1 of 10")]
    [TestCase("PIN: abc")]
    [TestCase("SPIN: ab")]
    [TestCase("MY_PIN=ab")]
    [TestCase("PIN.x=ab")]
    [TestCase("FLAG=10")]
    [TestCase("ODD=axb")]
    [TestCase("OTHER: ab")]
    [TestCase("PIN ab")]
    public void A_short_value_is_left_alone_elsewhere(string line) =>
        Assert.That(Mask.Apply(line), Is.EqualTo(line));

    [TestCase("starting with hunter22 in the middle", "starting with *** in the middle")]
    [TestCase("xbase64tokenx", "x***x")]
    [TestCase("LONG_SECRET: hunter22", "LONG_SECRET: ***")]
    public void A_long_value_is_masked_everywhere(string line, string masked) =>
        Assert.That(Mask.Apply(line), Is.EqualTo(masked));

    [Test]
    public void An_empty_value_masks_nothing_and_no_mask_changes_nothing()
    {
        Assert.That(Mask.Apply("EMPTY=  and EMPTY: "), Is.EqualTo("EMPTY=  and EMPTY: "));
        Assert.That(SecretMask.None.Apply("PIN=ab"), Is.EqualTo("PIN=ab"));
    }

    [Test]
    public void A_secret_holding_another_is_masked_whole()
    {
        var mask = new SecretMask(["secret", "my-secret-value"]);
        Assert.That(mask.Apply("my-secret-value and secret"), Is.EqualTo("*** and ***"));
    }
}
