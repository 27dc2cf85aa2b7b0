using DokkuDeploy.Core.Operate;

namespace DokkuDeploy.Tests.Operate;

public sealed class ReleaseListTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 26, 14, 0, 0, TimeSpan.Zero);

    static ReleaseList History(params string[] newestFirst) =>
        new(newestFirst.Select((image, i) => new Release(image, T0.AddMinutes(-i))));

    [Test]
    public void A_blank_value_is_an_empty_history()
    {
        Assert.That(ReleaseList.Parse(null)!.Releases, Is.Empty);
        Assert.That(ReleaseList.Parse("  ")!.Releases, Is.Empty);
    }

    [TestCase("not json")]
    [TestCase("{\"image\":\"a:1\"}")]
    [TestCase("[{\"at\":\"2026-11-26T14:00:00+00:00\"}]")]
    [TestCase("[null]")]
    public void A_value_DokkuDeploy_did_not_write_is_unreadable(string value) =>
        Assert.That(ReleaseList.Parse(value), Is.Null);

    [Test]
    public void It_round_trips_through_its_config_value()
    {
        var history = History("dokku-deploy/hello:bbb", "dokku-deploy/hello:aaa");

        var value = history.Serialize();
        var read = ReleaseList.Parse(value)!;

        Assert.That(value, Does.StartWith("[{\"image\":\"dokku-deploy/hello:bbb\",\"at\":\"2026-11-26T14:00:00"));
        Assert.That(read.Releases, Is.EqualTo(history.Releases));
    }

    [Test]
    public void Adding_puts_the_newest_first_and_keeps_ten()
    {
        var history = ReleaseList.Empty;
        for (var i = 1; i <= 12; i++)
            history = history.Add($"app:v{i}", T0.AddMinutes(i));

        Assert.That(history.Releases.Select(r => r.Tag), Is.EqualTo(Enumerable.Range(3, 10).Reverse().Select(i => $"v{i}")));
        Assert.That(history.Current!.Image, Is.EqualTo("app:v12"));
    }

    [Test]
    public void Adding_the_current_image_again_changes_nothing()
    {
        var history = History("app:b", "app:a");
        Assert.That(history.Add("app:b", T0.AddHours(1)), Is.SameAs(history));
    }

    [Test]
    public void The_previous_release_is_the_one_before_the_running_one()
    {
        var history = History("app:c", "app:b", "app:a");
        Assert.That(history.Previous("app:c")!.Image, Is.EqualTo("app:b"));
        Assert.That(history.Previous(null)!.Image, Is.EqualTo("app:c"),
            "no source image: a git push build runs, so the newest recorded image is the one to go back to (not the one before it)");
    }

    [Test]
    public void When_something_else_runs_the_previous_release_is_the_newest_recorded()
    {
        var history = History("app:c", "app:b");
        Assert.That(history.Previous("other/image:x")!.Image, Is.EqualTo("app:c"));
    }

    [Test]
    public void One_release_has_no_previous() =>
        Assert.That(History("app:a").Previous("app:a"), Is.Null);

    [Test]
    public void Rolling_back_drops_the_undone_releases_so_the_next_rollback_goes_further_back()
    {
        var history = History("app:c", "app:b", "app:a");
        var later = T0.AddHours(1);

        var once = history.RolledBackTo(history.Previous("app:c")!, later);
        var twice = once.RolledBackTo(once.Previous("app:b")!, later);

        Assert.That(once.Releases.Select(r => r.Image), Is.EqualTo(new[] { "app:b", "app:a" }));
        Assert.That(once.Current!.ReleasedAt, Is.EqualTo(later));
        Assert.That(twice.Releases.Select(r => r.Image), Is.EqualTo(new[] { "app:a" }));
    }

    [Test]
    public void Releases_are_found_by_tag_or_by_image_reference_newest_first()
    {
        var history = History("registry.example:5000/team/app:abc1234", "app:def5678", "other:abc1234");
        Assert.That(history.Find("abc1234")!.Image, Is.EqualTo("registry.example:5000/team/app:abc1234"));
        Assert.That(history.Find("other:abc1234")!.Image, Is.EqualTo("other:abc1234"));
        Assert.That(history.Find("def5678")!.Image, Is.EqualTo("app:def5678"));
        Assert.That(history.Find("5000"), Is.Null, "a registry port is not a tag");
        Assert.That(history.Find("nope"), Is.Null);
    }

    [TestCase("app:abc", "abc")]
    [TestCase("registry.example:5000/app:v1", "v1")]
    [TestCase("registry.example:5000/app", "registry.example:5000/app")]
    [TestCase("app:v1@sha256:0123", "v1")]
    public void A_tag_is_what_follows_the_last_colon_of_the_name(string image, string tag) =>
        Assert.That(new Release(image, T0).Tag, Is.EqualTo(tag));
}
