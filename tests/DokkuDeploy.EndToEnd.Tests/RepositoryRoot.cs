namespace DokkuDeploy.EndToEnd.Tests;

static class RepositoryRoot
{
    public static string Path { get; } = Find();

    static string Find()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "DokkuDeploy.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests run outside the repository: DokkuDeploy.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }
}
