using Orleans.Dashboard;
using Orleans.Video.Silo;
using Orleans.Video.Silo.Api;

// appsettings.json sits next to the binary; the working directory stays the user's (relative model paths).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddVideoSilo();

var app = builder.Build();
app.MapVideoApi();
app.MapOrleansDashboard(routePrefix: "/dashboard");
app.Run();
