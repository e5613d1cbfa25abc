using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Video.Client;
using Orleans.Video.Grains;
using Orleans.Video.Silo.Health;
using Orleans.Video.Silo.Security;
using Orleans.Video.Silo.Transport;
using Orleans.Video.Storage;

namespace Orleans.Video.Silo;

public static class VideoSiloHostExtensions
{
    /// <summary>A folder shared by every silo behind one load balancer, for the data-protection key ring (login cookies).</summary>
    public const string DataProtectionKeysDirectory = "DataProtection:KeysDirectory";

    /// <summary>A reloaded page finds its camera's subscription still there for this long after the last viewer left.</summary>
    private static readonly TimeSpan LiveLinger = TimeSpan.FromSeconds(15);

    /// <summary>Configures this process as a silo of the cluster: endpoints, PostgreSQL, grains, dashboard, HTTP JSON settings.</summary>
    public static WebApplicationBuilder AddVideoSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<SiloHostOptions>().BindConfiguration(SiloHostOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var host = configuration.GetSection(SiloHostOptions.Section).Get<SiloHostOptions>() ?? new SiloHostOptions();
        var connectionString = configuration["Postgres:ConnectionString"];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new OptionsValidationException("Postgres", typeof(PostgresOptions),
                ["Postgres:ConnectionString is required (env Postgres__ConnectionString); ./run.sh sets it for the private PostgreSQL"]);
        }
        connectionString = PostgresOptions.WithPassword(connectionString, configuration["Postgres:Password"]);
        var tls = host.Tls.Enabled || host.Tls.Errors("").Any() ? LoadTls(host.Tls) : null;

        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = host.ClusterId;
                cluster.ServiceId = host.ServiceId;
            });
            silo.ConfigureEndpoints(host.ResolveAdvertisedAddress(), host.SiloPort, host.GatewayPort, listenOnAnyHostAddress: host.ListenOnAnyAddress);
            if (tls is not null)
            {
                silo.UseReloadingTls(tls);
            }
            // Failure detection timings (ProbeTimeout, NumMissedProbesLimit, TableRefreshTimeout, …); see appsettings.json.
            silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(SiloHostOptions.MembershipSection));
            silo.UseVideoPostgres(connectionString);
            silo.AddVideoGrains(host.Gpu, (long)(host.DecodeCapacity * 1e6));
            silo.AddDashboard();
            // The trace of an HTTP request goes on through the grain calls it makes, on this silo and others.
            silo.AddActivityPropagation();
        });
        builder.Services.AddSingleton<IValidateOptions<SiloHostOptions>, TransportSecurityValidator>();
        if (tls is not null)
        {
            builder.Services.AddCertificateReload(tls);
        }
        builder.Services.AddVideoTrustedProxies();
        builder.Services.AddSingleton<VideoClient>();
        builder.Services.AddSingleton<Live.LiveRelays>();
        builder.Services.AddSingleton(services => SharedSubscriptions<FrameDetections>(services, (video, id, handler) => video.SubscribeAsync(id, handler)));
        builder.Services.AddSingleton(services => SharedSubscriptions<VideoEvent>(services, (video, id, handler) => video.SubscribeEventsAsync(id, handler)));
        builder.Services.AddSingleton<Live.LiveMetrics>();
        builder.Services.AddVideoSecurity();
        builder.Services.AddVideoHealth();
        builder.Services.AddOpenApi();
        // Silos behind one load balancer must share the key ring, or a login cookie from one is refused by the others:
        // in PostgreSQL, which every silo reaches, unless a folder is named for it.
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName(host.ServiceId);
        if (configuration[DataProtectionKeysDirectory] is { Length: > 0 } keys)
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        }
        else
        {
            builder.Services.Configure<KeyManagementOptions>(options => options.XmlRepository = new PostgresKeyRing(connectionString));
        }
        // Leaving the cluster gracefully (handing cameras over) takes longer than ASP.NET's default 30 s on a busy silo.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = host.ShutdownTimeout);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // A misspelt field anywhere in a body (a zone's "loiterSecond") is refused, not silently the default.
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        return builder;
    }

    /// <summary>The silo's certificate and the cluster's CA; a setting that cannot work stops the silo at start, naming its key.</summary>
    private static CertificateReloader LoadTls(ClusterTlsOptions options)
    {
        try
        {
            return new CertificateReloader(options, SiloHostOptions.TlsSection + ":");
        }
        catch (ArgumentException e)
        {
            throw new OptionsValidationException(SiloHostOptions.TlsSection, typeof(ClusterTlsOptions), [e.Message]);
        }
    }

    private static Live.SharedSubscriptions<T> SharedSubscriptions<T>(
        IServiceProvider services, Func<VideoClient, string, Func<T, Task>, Task<IAsyncDisposable>> subscribe)
        where T : class
    {
        var video = services.GetRequiredService<VideoClient>();
        return new Live.SharedSubscriptions<T>((id, handler) => subscribe(video, id, handler),
            services.GetRequiredService<TimeProvider>(), LiveLinger,
            services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
    }
}
