using Microsoft.Extensions.Options;
using Orleans.Video.Analytics;
using Orleans.Video.Inference;
using Orleans.Video.Media;
using Orleans.Video.Media.Jobs;
using Orleans.Video.Sources;

namespace Orleans.Video.Grains.Jobs;

/// <summary>
/// Whether a job may run as submitted: its options, its model and the labels it tracks, where its output goes, and
/// the file it reads (a path inside the media roots that is a video; a file the job owns, an upload, in the job's own
/// folder, which removing the job deletes). Checked once, before anything is stored.
/// </summary>
public sealed class JobAdmission(IModelCatalog models, SourcePolicy sources, IOptions<MediaStorageOptions> storage)
{
    /// <summary>Refuses a job that may not run.</summary>
    /// <exception cref="ArgumentException">Why, naming the option, model, label or file.</exception>
    public async Task CheckAsync(string jobId, JobSpec spec)
    {
        if (spec.Options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(spec));
        }
        var model = models.Get(spec.Options.Model); // ArgumentException naming the models there are
        if (TrackedLabels.Errors(spec.Options.Model, ModelLabels.Of(model), spec.Options.Filter, spec.Options.Zones) is { Count: > 0 } labelErrors)
        {
            throw new ArgumentException(string.Join("; ", labelErrors), nameof(spec));
        }
        if (spec.Options.Annotate && !storage.Value.Enabled)
        {
            throw new ArgumentException("annotate writes the output video under the media storage root, and none is set (Storage:Root)", nameof(spec));
        }
        if (await SourceRefusalAsync(jobId, spec) is { } refused)
        {
            throw new ArgumentException(refused, nameof(spec));
        }
    }

    /// <summary>Why the job may not read its file: a URL, a file outside the media roots, not a video, or an owned file outside its folder.</summary>
    private async Task<string?> SourceRefusalAsync(string jobId, JobSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Source) || spec.Source.Contains("://", StringComparison.Ordinal) || !Path.IsPathFullyQualified(spec.Source))
        {
            return "source must be the absolute path of a video file";
        }
        if (CameraConfigValidator.FilePathError(spec.Source) is { } pathError)
        {
            return $"source {pathError}";
        }
        var misplaced = spec.Owned
            ? JobFiles.IsOwned(storage.Value.Root, jobId, spec.Source) ? null : $"a job's own file must be in its folder, {JobFiles.Folder(storage.Value.Root, jobId)}"
            : await sources.CheckAsync(spec.Source);
        return misplaced ?? await FileProbe.RefusalAsync(spec.Source);
    }
}
