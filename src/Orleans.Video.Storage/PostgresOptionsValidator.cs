using Microsoft.Extensions.Options;
using Npgsql;

namespace Orleans.Video.Storage;

/// <summary>Fails start-up with a message naming the configuration key that is wrong.</summary>
internal sealed class PostgresOptionsValidator : IValidateOptions<PostgresOptions>
{
    private const string Key = PostgresOptions.SectionName + ":" + nameof(PostgresOptions.ConnectionString);

    public ValidateOptionsResult Validate(string? name, PostgresOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{Key} is required (an Npgsql connection string; deploy/postgres.sh url prints one for the local server).");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            // The message of the builder says which keyword it rejected, but not which setting held it.
            return ValidateOptionsResult.Fail($"{Key} is not a valid Npgsql connection string: {ex.Message}");
        }

        return ValidateOptionsResult.Success;
    }
}
