var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOpenApi();
var app = builder.Build();

app.MapOpenApi();
app.MapGet("/", (IConfiguration config) => $"Hello from HelloDokku! {config["GREETING"]}".TrimEnd());
app.MapGet("/health", () => Results.Text("healthy"));

app.Run();
