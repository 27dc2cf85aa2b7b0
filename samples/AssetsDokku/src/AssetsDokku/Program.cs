var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

// wwwroot/index.html, and the app.js and app.css that `npm run build` made from client/.
app.UseDefaultFiles();
app.UseStaticFiles();

app.MapGet("/api/greeting", (IConfiguration config) => new { text = config["GREETING"] ?? "Hello from AssetsDokku!" });
app.MapGet("/health", () => Results.Text("healthy"));

app.Run();
