using System.ComponentModel.DataAnnotations;

namespace Orleans.Video.Silo.Security;

/// <summary>HTTP API access (configuration section "Api", env <c>Api__Key</c>).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>The key every <c>/api</c> call, the web UI and the dashboard need (header <c>X-Api-Key</c>, or a login cookie).</summary>
    [Required(ErrorMessage = "Api:Key is required (env Api__Key); ./run.sh generates one under ./.data")]
    [MinLength(16, ErrorMessage = "Api:Key must be at least 16 characters")]
    [RegularExpression(@"^(?!.*change-me).*$", ErrorMessage = "Api:Key is still a placeholder from a template (it says change-me): set a random key, e.g. head -c 24 /dev/urandom | base64")]
    public string Key { get; set; } = "";
}
