using DokkuDeploy.Testing;

namespace DokkuDeploy.EndToEnd.Tests;

/// <summary>
/// A solution as Visual Studio lays it out: a web project with a ProjectReference to a class library,
/// central package management, and Visual Studio's "container support" files — its multi-stage Dockerfile
/// in the project folder, built with the solution folder as context (the project's
/// <c>DockerfileContext</c>), and its .dockerignore at the solution root. Deployed unchanged with that
/// Dockerfile, and with none (the generated one); both answer HTTP with the library's text.
/// </summary>
public sealed class VisualStudioSolutionTests : SampleAppTest
{
    const string Greeting = "Hello from a library of the solution!";

    [SetUp]
    public void WriteTheSolution()
    {
        Write("Directory.Packages.props", """
            <Project>
              <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>
              <ItemGroup><PackageVersion Include="DokkuDeploy" Version="$(DokkuDeployVersion)" /></ItemGroup>
            </Project>
            """);
        Write("Greeting/Greeting.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
            </Project>
            """);
        Write("Greeting/Greetings.cs", $$"""
            namespace Greeting;

            public static class Greetings
            {
                public const string Text = "{{Greeting}}";
            }
            """);
        // DokkuDeploy deploys from this machine: the restore inside Visual Studio's image build does not need it.
        Write("VsApp/VsApp.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <DockerDefaultTargetOS>Linux</DockerDefaultTargetOS>
                <DockerfileContext>..</DockerfileContext>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="..\Greeting\Greeting.csproj" />
              </ItemGroup>
              <ItemGroup Condition="'$(DOTNET_RUNNING_IN_CONTAINER)' != 'true'">
                <PackageReference Include="DokkuDeploy" PrivateAssets="all" />
              </ItemGroup>
            </Project>
            """);
        Write("VsApp/Program.cs", """
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapGet("/", () => Greeting.Greetings.Text);
            app.MapGet("/health", () => "healthy");
            app.Run();
            """);
    }

    [Test]
    public async Task Visual_Studios_multi_stage_Dockerfile_builds_with_the_solution_as_context_and_answers()
    {
        WriteVisualStudioContainerSupport();
        await workspace.CommitAllAsync("Visual Studio's container support");

        var result = await DeployAsync();

        // Its COPY lines name Greeting/ and Directory.Packages.props: it builds only with the solution as context.
        Assert.That(result.StandardOutput, Does.Contain(
            $"from the project's Dockerfile ({Path.Combine(workspace.Root, "VsApp", "Dockerfile")}) in the context {workspace.Root}"));
        var map = await new StandInShell(testBed).RunAsync($"ports:report {app} --ports-map");
        Assert.That(map.StandardOutput.Trim(), Is.EqualTo("http:80:8080"), "EXPOSE 8080 8081: port 80 goes to 8080");
    }

    [Test]
    public async Task The_same_solution_without_a_Dockerfile_deploys_with_the_generated_one()
    {
        await workspace.CommitAllAsync("A solution with a library");

        var result = await DeployAsync();

        Assert.That(result.StandardOutput, Does.Contain("from a generated Dockerfile"));
    }

    async Task<ProcessResult> DeployAsync()
    {
        var arguments = DeployRun.Arguments(testBed, app, "-p:DokkuVerifyUrl=/health").Select(a => a == "HelloDokku" ? "VsApp" : a);
        var result = await workspace.DotnetAsync(arguments, DeployRun.Environment(testBed, workspace.Root));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var url = DeployRun.AppUrl(result);
        Assert.That(new Uri(url).Port, Is.EqualTo(80), url);
        Assert.That(await DeployRun.GetAsync(url), Is.EqualTo(Greeting));
        return result;
    }

    /// <summary>What Visual Studio's "Add > Docker Support" writes for this solution (the .NET 8+ template).</summary>
    void WriteVisualStudioContainerSupport()
    {
        Write("VsApp/Dockerfile", """
            # See https://aka.ms/customizecontainer to learn how to customize your debug container and how Visual Studio uses this Dockerfile to build your images for faster debugging.

            # This stage is used when running from VS in fast mode (Default for Debug configuration)
            FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS base
            USER $APP_UID
            WORKDIR /app
            EXPOSE 8080
            EXPOSE 8081


            # This stage is used to build the service project
            FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
            ARG BUILD_CONFIGURATION=Release
            WORKDIR /src
            COPY ["Directory.Packages.props", "."]
            COPY ["Directory.Build.props", "."]
            COPY ["VsApp/VsApp.csproj", "VsApp/"]
            COPY ["Greeting/Greeting.csproj", "Greeting/"]
            RUN dotnet restore "./VsApp/VsApp.csproj"
            COPY . .
            WORKDIR "/src/VsApp"
            RUN dotnet build "./VsApp.csproj" -c $BUILD_CONFIGURATION -o /app/build

            # This stage is used to publish the service project to be copied to the final stage
            FROM build AS publish
            ARG BUILD_CONFIGURATION=Release
            RUN dotnet publish "./VsApp.csproj" -c $BUILD_CONFIGURATION -o /app/publish /p:UseAppHost=false

            # This stage is used in production or when running from VS in regular mode (Default when not using the Debug configuration)
            FROM base AS final
            WORKDIR /app
            COPY --from=publish /app/publish .
            ENTRYPOINT ["dotnet", "VsApp.dll"]
            """);
        Write(".dockerignore", """
            **/.classpath
            **/.dockerignore
            **/.env
            **/.git
            **/.gitignore
            **/.project
            **/.settings
            **/.toolstarget
            **/.vs
            **/.vscode
            **/*.*proj.user
            **/*.dbmdl
            **/*.jfm
            **/azds.yaml
            **/bin
            **/charts
            **/docker-compose*
            **/Dockerfile*
            **/node_modules
            **/npm-debug.log
            **/obj
            **/secrets.dev.yaml
            **/values.dev.yaml
            LICENSE
            README.md
            !**/.gitignore
            !.git/HEAD
            !.git/config
            !.git/packs
            !.git/refs
            """);
    }

    void Write(string relative, string text)
    {
        var path = Path.Combine(workspace.Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text + "\n");
    }
}
