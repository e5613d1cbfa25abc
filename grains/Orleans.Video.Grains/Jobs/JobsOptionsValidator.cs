using Microsoft.Extensions.Options;

namespace Orleans.Video.Grains.Jobs;

/// <summary>Fails start-up on nonsensical "Jobs" settings, naming the key.</summary>
public sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var errors = new List<string>();
        void Check(bool ok, string key, string rule)
        {
            if (!ok)
            {
                errors.Add($"{JobsOptions.Section}:{key} {rule}");
            }
        }
        Check(options.ChunkLength >= TimeSpan.FromSeconds(1) && options.ChunkLength <= TimeSpan.FromHours(1), nameof(options.ChunkLength), "must be between 1 s and 1 h");
        Check(options.MinChunkLength >= TimeSpan.FromSeconds(1) && options.MinChunkLength <= options.ChunkLength, nameof(options.MinChunkLength), $"must be between 1 s and {nameof(options.ChunkLength)}");
        Check(options.ChunksPerSlot is >= 1 and <= 100, nameof(options.ChunksPerSlot), "must be between 1 and 100");
        Check(options.ChunksPerSilo is >= 0 and <= 256, nameof(options.ChunksPerSilo), "must be between 0 (one per core) and 256");
        Check(options.FramesInFlight is >= 1 and <= 64, nameof(options.FramesInFlight), "must be between 1 and 64");
        Check(options.MaxAttempts is >= 1 and <= 100, nameof(options.MaxAttempts), "must be between 1 and 100");
        Check(options.PollInterval > TimeSpan.Zero, nameof(options.PollInterval), "must be positive");
        Check(options.ProgressInterval > TimeSpan.Zero, nameof(options.ProgressInterval), "must be positive");
        // A worker reports several times a lease: one late report must not hand its chunk to another worker.
        Check(options.LeaseTimeout >= options.ProgressInterval * 3, nameof(options.LeaseTimeout), $"must be at least three {nameof(options.ProgressInterval)}s");
        Check(options.MaxUploadBytes > 0, nameof(options.MaxUploadBytes), "must be positive");
        // Else an upload of the largest size allowed could never be taken.
        Check(options.MaxUploadBytesInFlight >= options.MaxUploadBytes, nameof(options.MaxUploadBytesInFlight), $"must be at least {nameof(options.MaxUploadBytes)}");
        Check(options.MaxStoredUploadBytes >= options.MaxUploadBytes, nameof(options.MaxStoredUploadBytes), $"must be at least {nameof(options.MaxUploadBytes)}");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
