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
// The page's modules change with the silo's version: the browser asks again (a 304 when unchanged) rather than mix
// new HTML with old scripts after an upgrade.
app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache" });
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
