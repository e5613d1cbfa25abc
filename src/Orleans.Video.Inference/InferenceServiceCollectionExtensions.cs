using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orleans.Video.Inference;

public static class InferenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the inference engine: options from the <c>Inference</c> section (validated at start), the model
    /// catalog, the session factory, and <see cref="InferenceEngine"/> as a singleton and, with
    /// <paramref name="hostedService"/>, a hosted service that loads and warms up every model when the host starts.
    /// A silo passes false and starts and stops the engine in its own lifecycle instead: the engine must outlive
    /// the cameras that feed it, which a hosted service registered after the silo's would not.
    /// </summary>
    public static IServiceCollection AddVideoInference(this IServiceCollection services, IConfiguration configuration, bool hostedService = true)
    {
        var section = configuration.GetSection(InferenceOptions.SectionName);
        services.AddOptions<InferenceOptions>()
            .Configure(options => InferenceOptionsBinder.Bind(section, options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>());
        services.TryAddSingleton<IModelCatalog, ModelCatalog>();
        services.TryAddSingleton<OnnxSessionFactory>();
        services.TryAddSingleton<InferenceEngine>();
        services.TryAddSingleton<IInferenceEngine>(sp => sp.GetRequiredService<InferenceEngine>());
        if (hostedService)
        {
            services.AddHostedService(sp => sp.GetRequiredService<InferenceEngine>());
        }
        return services;
    }
}
