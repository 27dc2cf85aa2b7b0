using DokkuDeploy.Tasks;
using Microsoft.Build.Utilities;

namespace DokkuDeploy.Tests.Tasks;

/// <summary>The task shim: user mistakes become one coded error, no exception, no stack trace.</summary>
public sealed class DeployToDokkuTests
{
    string publishDirectory = "";

    [SetUp]
    public void CreatePublishOutput()
    {
        publishDirectory = Directory.CreateTempSubdirectory("dokku-task-").FullName;
        File.WriteAllText(Path.Combine(publishDirectory, "App.dll"), "not really an assembly");
    }

    [TearDown]
    public void Remove() => Directory.Delete(publishDirectory, recursive: true);

    (DeployToDokku Task, RecordingBuildEngine Engine) Create(Action<DeployToDokku> configure)
    {
        var engine = new RecordingBuildEngine();
        var task = new DeployToDokku
        {
            BuildEngine = engine,
            ProjectDirectory = publishDirectory,
            PublishDirectory = publishDirectory,
            EntryAssembly = "App.dll",
            GeneratedDockerfile = Path.Combine(publishDirectory, "obj", "Dockerfile"),
            BaseImage = "mcr.microsoft.com/dotnet/aspnet:10.0",
            Remote = "dokku@example.invalid:app",
        };
        configure(task);
        return (task, engine);
    }

    static void AssertSingleError(RecordingBuildEngine engine, bool result, string code)
    {
        Assert.That(result, Is.False);
        Assert.That(engine.Errors.Select(e => e.Code), Is.EqualTo(new[] { code }), engine.AllText);
        Assert.That(engine.AllText, Does.Not.Contain("   at "), "no stack trace for a user mistake");
    }

    [Test]
    public void A_bad_app_name_is_refused_before_anything_is_contacted()
    {
        var (task, engine) = Create(t => t.App = "Bad_Name");
        AssertSingleError(engine, task.Execute(), "DOKKU1005");
        Assert.That(engine.Errors[0].Message, Does.Contain("Bad_Name"));
    }

    [Test]
    public void A_remote_that_cannot_be_parsed_is_a_coded_error()
    {
        var (task, engine) = Create(t => t.Remote = "ssh://dokku@host:notaport/app");
        AssertSingleError(engine, task.Execute(), "DOKKU1001");
    }

    [Test]
    public void A_config_value_from_a_missing_environment_variable_is_a_coded_error()
    {
        var item = new TaskItem("API_KEY");
        item.SetMetadata("FromEnvironment", "DOKKUDEPLOY_TEST_VARIABLE_THAT_IS_NOT_SET");
        var (task, engine) = Create(t => t.Config = [item]);
        AssertSingleError(engine, task.Execute(), "DOKKU1102");
        Assert.That(engine.Errors[0].Message, Does.Contain("DOKKUDEPLOY_TEST_VARIABLE_THAT_IS_NOT_SET"));
    }

    [Test]
    public void A_config_value_from_user_secrets_of_a_project_without_an_id_is_a_coded_error()
    {
        var item = new TaskItem("DB_PASSWORD");
        item.SetMetadata("FromUserSecrets", "Db:Password");
        var (task, engine) = Create(t => t.Config = [item]);
        AssertSingleError(engine, task.Execute(), "DOKKU1114");
    }

    [Test]
    public void A_config_value_from_a_missing_file_is_a_coded_error_that_names_the_path_in_the_project()
    {
        var item = new TaskItem("SIGNING_KEY");
        item.SetMetadata("FromFile", "no-such-secret.txt");
        var (task, engine) = Create(t => t.Config = [item]);
        AssertSingleError(engine, task.Execute(), "DOKKU1118");
        Assert.That(engine.Errors[0].Message, Does.Contain(Path.Combine(task.ProjectDirectory, "no-such-secret.txt")));
    }

    [Test]
    public void A_config_key_that_is_not_an_environment_name_is_a_coded_error()
    {
        var (task, engine) = Create(t => t.Config = [new TaskItem("NOT-VALID")]);
        AssertSingleError(engine, task.Execute(), "DOKKU1006");
    }

    [Test]
    public void A_port_out_of_range_is_a_coded_error()
    {
        var (task, engine) = Create(t => t.ContainerPort = "70000");
        AssertSingleError(engine, task.Execute(), "DOKKU1106");
    }

    [Test]
    public void A_missing_entry_assembly_is_a_coded_error()
    {
        var (task, engine) = Create(t => t.EntryAssembly = "Missing.dll");
        AssertSingleError(engine, task.Execute(), "DOKKU1104");
    }

    [Test]
    public void A_missing_project_Dockerfile_is_a_coded_error()
    {
        var (task, engine) = Create(t => t.Dockerfile = "NoSuchDockerfile");
        AssertSingleError(engine, task.Execute(), "DOKKU1105");
    }

    [Test]
    public void An_unknown_verify_value_is_a_coded_error()
    {
        var (task, engine) = Create(t => t.VerifyUrl = "sometimes");
        AssertSingleError(engine, task.Execute(), "DOKKU6002");
    }

    [Test]
    public void An_unreachable_docker_engine_is_named_in_the_error()
    {
        var socket = Path.Combine(publishDirectory, "no-docker.sock");
        var (task, engine) = Create(_ => { });
        var previous = Environment.GetEnvironmentVariable("DOCKER_HOST");
        Environment.SetEnvironmentVariable("DOCKER_HOST", "unix://" + socket);
        try
        {
            AssertSingleError(engine, task.Execute(), "DOKKU3001");
            Assert.That(engine.Errors[0].Message, Does.Contain(socket));
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", previous);
        }
    }
}
