using DokkuDeploy.Core.Dockerfiles;
using DokkuDeploy.Tests.BuildContext;

namespace DokkuDeploy.Tests.Dockerfiles;

/// <summary>
/// Issue 15 item 5: a health endpoint mapped only where the deployed app does not run it (IsDevelopment(),
/// #if DEBUG) must not become the app.json healthcheck, which would 404 in every release.
/// </summary>
public sealed class HealthEndpointEnvironmentTests
{
    static IEnumerable<TestCaseData> NotInProduction()
    {
        yield return Case("minimal API, braces", """
            var app = builder.Build();
            if (app.Environment.IsDevelopment())
            {
                app.MapHealthChecks("/health");
            }
            app.Run();
            """);
        yield return Case("single statement", """
            if (app.Environment.IsDevelopment()) app.MapHealthChecks("/health");
            """);
        yield return Case("single statement on the next line", """
            if (app.Environment.IsDevelopment())
                app.MapGet("/healthz", () => "ok");
            """);
        yield return Case("env parameter", "if (env.IsDevelopment()) { app.UseHealthChecks(\"/health\"); }");
        yield return Case("IsEnvironment with a string", "if (app.Environment.IsEnvironment(\"Development\")) { app.MapHealthChecks(\"/health\"); }");
        yield return Case("IsEnvironment with Environments.Development", "if (app.Environment.IsEnvironment(Environments.Development)) app.MapHealthChecks(\"/health\");");
        yield return Case("not production", "if (!app.Environment.IsProduction()) { app.MapHealthChecks(\"/health\"); }");
        yield return Case("not production, spaced and parenthesised", "if ( ! ( app.Environment.IsProduction() ) ) { app.MapHealthChecks(\"/health\"); }");
        yield return Case("staging", "if (app.Environment.IsStaging()) app.MapHealthChecks(\"/health\");");
        yield return Case("development or staging", "if (app.Environment.IsDevelopment() || app.Environment.IsStaging()) { app.MapHealthChecks(\"/health\"); }");
        yield return Case("development and a flag", "if (app.Environment.IsDevelopment() && useHealth) { app.MapHealthChecks(\"/health\"); }");
        yield return Case("EnvironmentName comparison", "if (app.Environment.EnvironmentName == \"Development\") app.MapHealthChecks(\"/health\");");
        yield return Case("EnvironmentName reversed", "if (\"Development\" == env.EnvironmentName) app.MapHealthChecks(\"/health\");");
        yield return Case("EnvironmentName not production", "if (env.EnvironmentName != Environments.Production) app.MapHealthChecks(\"/health\");");
        yield return Case("environment variable", "if (Environment.GetEnvironmentVariable(\"ASPNETCORE_ENVIRONMENT\") == \"Development\") app.MapHealthChecks(\"/health\");");
        yield return Case("== true", "if (app.Environment.IsDevelopment() == true) app.MapHealthChecks(\"/health\");");
        yield return Case("is false of production", "if (app.Environment.IsProduction() is false) app.MapHealthChecks(\"/health\");");
        yield return Case("builder.Environment", "if (builder.Environment.IsDevelopment()) { app.MapHealthChecks(\"/health\"); }");
        yield return Case("nested inside an unrelated if", """
            if (app.Environment.IsDevelopment())
            {
                app.UseDeveloperExceptionPage();
                if (options.Health)
                {
                    app.MapHealthChecks("/health");
                }
            }
            """);
        yield return Case("nested single statements", "if (useHealth) if (app.Environment.IsDevelopment()) app.MapHealthChecks(\"/health\");");
        yield return Case("else of production", """
            if (app.Environment.IsProduction())
            {
                app.UseExceptionHandler("/Error");
            }
            else
            {
                app.MapHealthChecks("/health");
            }
            """);
        yield return Case("else of a single-statement production check", """
            if (app.Environment.IsProduction()) app.UseHsts();
            else app.MapHealthChecks("/health");
            """);
        yield return Case("else if development after a flag", """
            if (args.Length > 5) { Console.WriteLine("many"); }
            else if (app.Environment.IsDevelopment()) { app.MapHealthChecks("/health"); }
            """);
        yield return Case("third branch after production", """
            if (app.Environment.IsProduction()) { app.UseHsts(); }
            else if (flag) { app.UseCors(); }
            else { app.MapHealthChecks("/health"); }
            """);
        yield return Case("Startup.Configure with UseEndpoints", """
            public class Startup
            {
                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    app.UseRouting();
                    if (env.IsDevelopment())
                    {
                        app.UseDeveloperExceptionPage();
                        app.UseEndpoints(endpoints =>
                        {
                            endpoints.MapHealthChecks("/health");
                        });
                    }
                }
            }
            """);
        yield return Case("a lambda without a block", "if (env.IsDevelopment()) app.UseEndpoints(e => e.MapHealthChecks(\"/health\"));");
        yield return Case("#if DEBUG", """
            #if DEBUG
            app.MapHealthChecks("/health");
            #endif
            """);
        yield return Case("#if DEBUG && FOO", """
            #if DEBUG && FOO
            app.MapHealthChecks("/health");
            #endif
            """);
        yield return Case("#else of #if RELEASE", """
            #if RELEASE
            app.MapGet("/", () => "hi");
            #else
            app.MapHealthChecks("/health");
            #endif
            """);
        yield return Case("#elif DEBUG", """
            #if FOO
            app.MapGet("/", () => "hi");
            #elif DEBUG
            app.MapHealthChecks("/health");
            #endif
            """);
        yield return Case("nested #if inside #if DEBUG", """
            #if DEBUG
            #if !FOO
            app.MapHealthChecks("/health");
            #endif
            #endif
            """);
    }

    static IEnumerable<TestCaseData> InProduction()
    {
        yield return Case("unguarded", "app.MapHealthChecks(\"/health\");");
        yield return Case("IsProduction", "if (app.Environment.IsProduction()) { app.MapHealthChecks(\"/health\"); }");
        yield return Case("not development", "if (!app.Environment.IsDevelopment()) app.MapHealthChecks(\"/health\");");
        yield return Case("IsEnvironment(Production)", "if (env.IsEnvironment(\"Production\")) app.MapHealthChecks(\"/health\");");
        yield return Case("development or production", "if (env.IsDevelopment() || env.IsProduction()) app.MapHealthChecks(\"/health\");");
        yield return Case("an app's own flag", "if (settings.EnableHealth) app.MapHealthChecks(\"/health\");");
        yield return Case("after a development block", """
            if (app.Environment.IsDevelopment())
            {
                app.UseDeveloperExceptionPage();
            }
            app.MapHealthChecks("/health");
            """);
        yield return Case("after a single-statement development check", """
            if (app.Environment.IsDevelopment()) app.UseDeveloperExceptionPage();
            app.MapHealthChecks("/health");
            """);
        yield return Case("else of development", """
            if (app.Environment.IsDevelopment())
            {
                app.UseDeveloperExceptionPage();
            }
            else
            {
                app.UseExceptionHandler("/Error");
                app.MapHealthChecks("/health");
            }
            """);
        yield return Case("else of a single-statement development check", """
            if (app.Environment.IsDevelopment()) app.UseDeveloperExceptionPage();
            else app.MapHealthChecks("/health");
            """);
        yield return Case("else if production", """
            if (app.Environment.IsDevelopment()) { app.UseDeveloperExceptionPage(); }
            else if (app.Environment.IsProduction()) { app.MapHealthChecks("/health"); }
            """);
        yield return Case("IsDevelopment in a comment", """
            // if (app.Environment.IsDevelopment()) {
            app.MapHealthChecks("/health");
            """);
        yield return Case("IsDevelopment in a block comment", """
            /* if (app.Environment.IsDevelopment())
               { */
            app.MapHealthChecks("/health");
            """);
        yield return Case("IsDevelopment in a string", """
            Console.WriteLine("if (app.Environment.IsDevelopment()) {");
            app.MapHealthChecks("/health");
            """);
        yield return Case("braces in strings and chars", """
            if (app.Environment.IsDevelopment()) { Console.WriteLine("}"); var c = '{'; }
            app.MapHealthChecks("/health");
            """);
        yield return Case("verbatim string with a quote", """
            if (app.Environment.IsDevelopment()) { Console.WriteLine(@"say ""}"" here"); }
            app.MapHealthChecks("/health");
            """);
        yield return Case("raw string literal", """"
            if (app.Environment.IsDevelopment()) { var s = """ } " """; }
            app.MapHealthChecks("/health");
            """");
        yield return Case("interpolated string", """
            if (app.Environment.IsDevelopment()) { Console.WriteLine($"{app} }"); }
            app.MapHealthChecks("/health");
            """);
        yield return Case("#if !DEBUG", """
            #if !DEBUG
            app.MapHealthChecks("/health");
            #endif
            """);
        yield return Case("#else of #if DEBUG", """
            #if DEBUG
            app.MapGet("/", () => "debug");
            #else
            app.MapHealthChecks("/health");
            #endif
            """);
        yield return Case("#if of an unknown symbol", """
            #if NET8_0_OR_GREATER
            app.MapHealthChecks("/health");
            #endif
            """);
        yield return Case("#region does not hide code", """
            #region Health
            app.MapHealthChecks("/health");
            #endregion
            """);
        yield return Case("Startup.Configure unguarded", """
            public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
            {
                if (env.IsDevelopment())
                {
                    app.UseDeveloperExceptionPage();
                }

                app.UseRouting();
                app.UseEndpoints(endpoints =>
                {
                    endpoints.MapHealthChecks("/health");
                    endpoints.MapControllers();
                });
            }
            """);
        yield return Case("a for loop's header does not confuse it", """
            for (var i = 0; i < 3; i++) { Console.WriteLine(i); }
            app.MapHealthChecks("/health");
            """);
        yield return Case("a development mapping first, a production one later", """
            if (app.Environment.IsDevelopment()) { app.MapHealthChecks("/health/dev"); }
            app.MapHealthChecks("/health");
            """);
    }

    [TestCaseSource(nameof(NotInProduction))]
    public void A_mapping_the_deployed_app_does_not_run_is_not_trusted(string code)
    {
        using var project = new TempTree().File("Program.cs", code);
        var scan = HealthEndpoint.Scan(project.Root);
        Assert.Multiple(() =>
        {
            Assert.That(scan.Path, Is.Null);
            Assert.That(scan.Skipped.Select(s => s.Path), Has.Some.StartsWith("/health"));
            Assert.That(scan.Skipped[0].File, Is.EqualTo("Program.cs"));
        });
    }

    [TestCaseSource(nameof(InProduction))]
    public void A_mapping_the_deployed_app_runs_is_trusted(string code)
    {
        using var project = new TempTree().File("Program.cs", code);
        Assert.That(HealthEndpoint.Scan(project.Root).Path, Is.EqualTo("/health"));
    }

    [Test]
    public void The_skipped_mapping_names_its_line_and_guard()
    {
        using var project = new TempTree().File("Program.cs", "var app = builder.Build();\n\nif (app.Environment.IsDevelopment())\n{\n    app.MapHealthChecks(\"/healthz\");\n}\n");
        var skipped = HealthEndpoint.Scan(project.Root).Skipped.Single();
        Assert.Multiple(() =>
        {
            Assert.That(skipped.Path, Is.EqualTo("/healthz"));
            Assert.That(skipped.Line, Is.EqualTo(5));
            Assert.That(skipped.Reason, Does.Contain("if (app.Environment.IsDevelopment())").And.Contain("Production"));
        });
    }

    [Test]
    public void A_DEBUG_region_is_named_as_the_reason()
    {
        using var project = new TempTree().File("Program.cs", "#if DEBUG\napp.MapHealthChecks(\"/health\");\n#endif\n");
        var skipped = HealthEndpoint.Scan(project.Root).Skipped.Single();
        Assert.Multiple(() =>
        {
            Assert.That(skipped.Line, Is.EqualTo(2));
            Assert.That(skipped.Reason, Does.Contain("#if DEBUG").And.Contain("Release"));
        });
    }

    [Test]
    public void The_else_branch_names_the_if_it_belongs_to()
    {
        using var project = new TempTree().File("Program.cs", "if (app.Environment.IsProduction()) { app.UseHsts(); } else { app.MapHealthChecks(\"/health\"); }");
        Assert.That(HealthEndpoint.Scan(project.Root).Skipped.Single().Reason, Does.Contain("else of if (app.Environment.IsProduction())"));
    }

    [Test]
    public void The_deployed_environment_decides()
    {
        using var project = new TempTree().File("Program.cs", "if (app.Environment.IsStaging()) { app.MapHealthChecks(\"/health\"); }");
        Assert.Multiple(() =>
        {
            Assert.That(HealthEndpoint.Scan(project.Root).Path, Is.Null);
            Assert.That(HealthEndpoint.Scan(project.Root, "Staging").Path, Is.EqualTo("/health"));
        });
    }

    [Test]
    public void A_production_mapping_in_another_file_wins_over_a_development_one()
    {
        using var project = new TempTree()
            .File("A/DevEndpoints.cs", "if (env.IsDevelopment()) { app.MapHealthChecks(\"/health/dev\"); }")
            .File("Program.cs", "app.MapGet(\"/healthz\", () => \"ok\");");
        var scan = HealthEndpoint.Scan(project.Root);
        Assert.Multiple(() =>
        {
            Assert.That(scan.Path, Is.EqualTo("/healthz"));
            Assert.That(scan.Skipped.Single().Path, Is.EqualTo("/health/dev"));
        });
    }

    static TestCaseData Case(string name, string code) => new TestCaseData(code).SetArgDisplayNames(name);
}
