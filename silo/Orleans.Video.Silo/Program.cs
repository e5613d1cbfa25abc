using Orleans.Dashboard;
using Orleans.Video.Silo;
using Orleans.Video.Silo.Api;
using Orleans.Video.Silo.Api.Jobs;
using Orleans.Video.Silo.Api.Review;
using Orleans.Video.Silo.Health;
using Orleans.Video.Silo.Security;
using Orleans.Video.Silo.Telemetry;

// appsettings.json sits next to the binary; the working directory stays the user's (relative model paths).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddVideoSilo();
builder.AddVideoTelemetry();

var app = builder.Build();
app.UseVideoForwardedProto();
// The page itself is public (it holds no data); everything it loads goes through the API key or the login cookie.
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseVideoSecurity();
app.UseWebSockets();
app.UseStorageUnavailable();
app.MapWebUiViews();
app.MapVideoAuth();
app.MapVideoApi();
app.MapEventsApi();
app.MapReviewApi();
app.MapSystemApi();
app.MapRecordingsApi();
app.MapLiveVideoApi();
app.MapJobsApi();
app.MapNotificationsApi();
app.MapAccessApi();
app.MapVideoHealth();
app.MapVideoMetrics();
app.MapOpenApi().AllowAnonymous();
app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(ApiPolicies.Admin);
app.Run();
