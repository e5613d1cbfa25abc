namespace Orleans.Video.Silo;

/// <summary>
/// The web UI's views have addresses of their own (/live, /cameras?edit=gate, …), so a link copied from the address
/// bar opens the same view and filters. Each of those paths serves index.html; its script (wwwroot/js/router.js)
/// shows the view the path names. Like the page at /, they are public: the page holds no data.
/// </summary>
internal static class WebUiViews
{
    /// <summary>The views, as wwwroot/js/router.js lists them.</summary>
    public static readonly IReadOnlyList<string> Names = ["live", "review", "recordings", "search", "jobs", "cameras", "system"];

    public static WebApplication MapWebUiViews(this WebApplication app)
    {
        var index = app.Environment.WebRootFileProvider.GetFileInfo("index.html");
        foreach (var name in Names)
        {
            app.MapGet($"/{name}", (HttpContext context) =>
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                // The page's scripts change with the silo's version: the browser asks again rather than run stale ones.
                context.Response.Headers.CacheControl = "no-cache";
                return context.Response.SendFileAsync(index, context.RequestAborted);
            }).AllowAnonymous().ExcludeFromDescription();
        }
        return app;
    }
}
