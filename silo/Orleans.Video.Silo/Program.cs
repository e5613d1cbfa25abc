using Orleans.Dashboard;
using Orleans.Video.Silo;
using Orleans.Video.Silo.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddVideoSilo();

var app = builder.Build();
app.MapVideoApi();
app.MapOrleansDashboard(routePrefix: "/dashboard");
app.Run();
