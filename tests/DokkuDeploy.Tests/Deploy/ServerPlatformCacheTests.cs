using DokkuDeploy.Core.Deploy;
using DokkuDeploy.Core.Docker;
using DokkuDeploy.Core.Dokku;

namespace DokkuDeploy.Tests.Deploy;

public sealed class ServerPlatformCacheTests
{
    string directory = "";

    [SetUp]
    public void MakeDirectory() => directory = Directory.CreateTempSubdirectory("dokku-platforms-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public void A_server_is_remembered_for_every_app_on_it_and_no_other_server()
    {
        var cache = new ServerPlatformCache(Path.Combine(directory, "platforms"));
        cache.Save(new DokkuRemote("dokku", "arm.example", 22, "shop"), DockerPlatform.LinuxArm64);
        Assert.Multiple(() =>
        {
            Assert.That(cache.Find(new DokkuRemote("dokku", "arm.example", 22, "blog")), Is.EqualTo(DockerPlatform.LinuxArm64));
            Assert.That(cache.Find(new DokkuRemote("dokku", "arm.example", 2222, "shop")), Is.Null, "another port is another sshd, maybe another host");
            Assert.That(cache.Find(new DokkuRemote("dokku", "intel.example", 22, "shop")), Is.Null);
        });
    }

    [Test]
    public void A_forgotten_or_damaged_entry_is_unknown()
    {
        var cache = new ServerPlatformCache(directory);
        var remote = new DokkuRemote("dokku", "arm.example", 22, "shop");
        cache.Save(remote, DockerPlatform.LinuxArm64);
        cache.Forget(remote);
        Assert.That(cache.Find(remote), Is.Null);

        cache.Save(remote, DockerPlatform.LinuxArm64);
        foreach (var file in Directory.GetFiles(directory))
        {
            File.WriteAllText(file, "garbage");
        }

        Assert.That(cache.Find(remote), Is.Null);
    }

    [Test]
    public void It_lives_in_the_users_cache()
    {
        var cache = ServerPlatformCache.ForUser(name => name == "XDG_CACHE_HOME" ? directory : null);
        cache.Save(new DokkuRemote("dokku", "arm.example", 22, "shop"), DockerPlatform.LinuxArm64);
        Assert.That(Directory.GetFiles(Path.Combine(directory, "dokkudeploy", "platforms")), Has.Length.EqualTo(1));
    }
}
