using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Dokku;
using DokkuDeploy.Core.Errors;

namespace DokkuDeploy.Tests.Deploy;

public sealed class CompressionChoiceTests
{
    static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    static bool Gzips(LinkSpeed? last, string address = "dokku.example.com", ImageCompression setting = ImageCompression.Auto) =>
        CompressionChoice.Decide(setting, last, address).Gzip;

    [Test]
    public void A_new_server_is_gzipped_unless_it_is_on_loopback()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Gzips(null), Is.True, "most servers are across an uplink slower than the compressor");
            Assert.That(Gzips(null, "203.0.113.7"), Is.True);
            Assert.That(Gzips(null, "127.0.0.1"), Is.False, "loopback is faster than gzip");
            Assert.That(Gzips(null, "::1"), Is.False);
            Assert.That(Gzips(null, "localhost"), Is.False);
        });
    }

    [Test]
    public void A_server_on_loopback_is_never_gzipped_by_auto_however_slow_its_last_transfer()
    {
        // A slow transfer on loopback was the server's docker load: gzip would only add its decompression.
        Assert.Multiple(() =>
        {
            Assert.That(Gzips(new LinkSpeed(2.5e6, null, false, At), "127.0.0.1"), Is.False);
            Assert.That(Gzips(new LinkSpeed(2.5e6, 5.2e6, true, At), "localhost"), Is.False);
            Assert.That(Gzips(new LinkSpeed(null, 5e6, GzipLinkBound: true, At), "::1"), Is.False);
        });
    }

    [Test]
    public void A_link_measured_plain_is_gzipped_when_slower_than_the_compressor()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Gzips(new LinkSpeed(2.5e6, null, false, At)), Is.True, "20 Mbit/s");
            Assert.That(Gzips(new LinkSpeed(300e6, null, false, At), "10.0.0.5"), Is.False, "a fast LAN");
        });
    }

    [Test]
    public void A_gzipped_transfer_that_waited_for_the_compressor_is_tried_plain_next_time()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Gzips(new LinkSpeed(null, 5e6, GzipLinkBound: true, At)), Is.True, "the link held it back");
            Assert.That(Gzips(new LinkSpeed(null, 50e6, GzipLinkBound: false, At)), Is.False, "only a plain transfer tells the link's speed");
        });
    }

    [Test]
    public void With_both_ways_measured_the_one_that_carried_more_of_the_image_wins()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Gzips(new LinkSpeed(2.5e6, 5.2e6, true, At)), Is.True);
            Assert.That(Gzips(new LinkSpeed(120e6, 60e6, false, At)), Is.False);
        });
    }

    [Test]
    public void The_setting_wins_over_what_was_measured()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Gzips(new LinkSpeed(900e6, null, false, At), "127.0.0.1", ImageCompression.Gzip), Is.True);
            Assert.That(Gzips(new LinkSpeed(1e6, null, false, At), setting: ImageCompression.None), Is.False);
        });
    }

    [TestCase(null, ImageCompression.Auto)]
    [TestCase("", ImageCompression.Auto)]
    [TestCase(" Auto ", ImageCompression.Auto)]
    [TestCase("GZIP", ImageCompression.Gzip)]
    [TestCase("none", ImageCompression.None)]
    public void The_setting_reads_auto_gzip_or_none(string? value, ImageCompression expected) =>
        Assert.That(ImageCompressionSetting.Parse(value), Is.EqualTo(expected));

    [TestCase("zstd")]
    [TestCase("true")]
    public void Any_other_setting_is_DOKKU1123(string value) =>
        Assert.That(() => ImageCompressionSetting.Parse(value), Throws.InstanceOf<DeployException>()
            .With.Property(nameof(DeployException.Code)).EqualTo("DOKKU1123").And.Message.Contains($"'{value}'"));

    [Test]
    public void Link_speeds_are_per_server_and_keep_what_the_other_way_measured()
    {
        var directory = Directory.CreateTempSubdirectory("dokku-links-").FullName;
        try
        {
            var speeds = new LinkSpeeds(directory);
            var shop = new DokkuRemote("dokku", "slow.example", 22, "shop");
            speeds.Record(shop, gzipped: false, 2.5e6, linkBound: true, At);
            speeds.Record(shop with { App = "blog" }, gzipped: true, 5e6, linkBound: true, At);
            Assert.Multiple(() =>
            {
                Assert.That(speeds.Find(shop), Is.EqualTo(new LinkSpeed(2.5e6, 5e6, true, At)), "the link is the server's, whichever app");
                Assert.That(speeds.Find(shop with { Host = "fast.example" }), Is.Null);
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
