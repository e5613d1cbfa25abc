using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Video.Sources;

namespace Orleans.Video.Media.Tests;

/// <summary>The library registers and validates its own settings: a host adds it with one call.</summary>
public sealed class MediaServicesTests
{
    [Fact]
    public void AddVideoMedia_binds_its_sections_and_the_source_policy_s()
    {
        using var services = Build(new()
        {
            ["Pipeline:MaxInFlight"] = "5",
            ["Storage:Root"] = "/var/lib/orleans-video/media",
            ["Sources:AllowPrivateNetworks"] = "true",
        });

        Assert.Equal(5, services.GetRequiredService<IOptions<PipelineOptions>>().Value.MaxInFlight);
        Assert.Equal("/var/lib/orleans-video/media", services.GetRequiredService<IOptions<MediaStorageOptions>>().Value.Root);
        Assert.True(services.GetRequiredService<IOptions<SourceOptions>>().Value.AllowPrivateNetworks);
        // The decoder's policy is optional to its constructor: a missing registration would decode unchecked.
        Assert.Same(services.GetRequiredService<SourcePolicy>(), services.GetRequiredService<VideoDecoder>().Policy);
    }

    [Fact]
    public void AddVideoMedia_refuses_a_setting_out_of_range_naming_its_key()
    {
        using var services = Build(new() { ["Pipeline:MaxInFlight"] = "0" });

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PipelineOptions>>().Value);
        Assert.Contains("Pipeline:MaxInFlight must be between 1 and 64", refused.Message);
    }

    [Fact]
    public void Settings_under_the_pipeline_s_former_name_stop_the_start_naming_the_new_one()
    {
        using var services = Build(new() { ["Camera:MaxInFlight"] = "5" });

        var refused = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<PipelineOptions>>().Value);
        Assert.Contains("the section Camera is now Pipeline: rename Camera:Key to Pipeline:Key", refused.Message);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging()
            .AddVideoMedia()
            .AddVideoMedia(); // a second call (Notifications adds the source policy too) adds no validator or service twice
        Assert.Single(services, d => d.ServiceType == typeof(VideoDecoder));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<PipelineOptions>));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<SourceOptions>));
        return services.BuildServiceProvider();
    }
}
