var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/", (IConfiguration config) => $"Hello from HelloDokku! {config["GREETING"]}".TrimEnd());
app.MapGet("/health", () => Results.Text("healthy"));

app.Run();
