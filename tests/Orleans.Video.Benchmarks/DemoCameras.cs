using System.Diagnostics;
using Orleans.Video.Client;
using Orleans.Video.TestSupport;

namespace Orleans.Video.Benchmarks;

/// <summary>
/// <c>./run.sh</c>'s demo: its clips (<c>deploy/demo-clips.sh</c>) and its three cameras, registered as run.sh
/// registers them (same sources, rates, models, filter, zone and continuous recording). The benches that measure
/// "the demo" (<c>--demo</c>, <c>--cluster results</c>) take it from here; when run.sh's cameras change, change this.
/// </summary>
public static class DemoCameras
{
    public const string Shapes = "demo-shapes";
    public const string Text = "demo-text";
    public const string People = "demo-people";

    /// <summary>The model run.sh gives <see cref="People"/>: the shipped COCO detector.</summary>
    public const string PeopleModel = "objects";

    /// <summary>What run.sh's people camera tracks with <see cref="PeopleModel"/>: people and vehicles.</summary>
    public static readonly DetectionFilter PeopleFilter = new(["person", "bicycle", "car", "motorcycle", "bus", "truck"]);

    /// <summary>The zone of run.sh's people camera: the middle of the square, in source pixels, counting people.</summary>
    public static readonly Zone Square = new("square", [new(240, 260), new(560, 260), new(560, 576), new(240, 576)], ["person"], LoiterSeconds: 10);

    /// <summary>run.sh's silo settings beside appsettings.json's: media storage under <paramref name="media"/>, with its 2 GiB cap.</summary>
    public static Dictionary<string, string> SiloSettings(string media) => new()
    {
        ["Storage__Root"] = media,
        ["Storage__MaxBytes"] = (2L << 30).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Makes the demo clips under <paramref name="clips"/>/demo (once; the script skips clips that exist) and returns that folder.</summary>
    public static async Task<string> ClipsAsync(string clips)
    {
        var demo = Path.Combine(clips, "demo");
        var script = Path.Combine(SiloProcess.RepositoryRoot(), "deploy/demo-clips.sh");
        using var process = Process.Start(new ProcessStartInfo(script, [demo]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed: {await output}{await error}");
        }
        return demo;
    }

    /// <summary>
    /// Registers the cameras; the people camera only where its footage is (Debian's opencv-doc), as run.sh does.
    /// <paramref name="peopleModel"/> other than <see cref="PeopleModel"/> (the HOG <c>people</c> detector, run.sh's
    /// camera before issue 33) runs without the filter, as that camera did: HOG knows only people.
    /// </summary>
    /// <returns>The ids of the cameras registered.</returns>
    public static async Task<IReadOnlyList<string>> AddAsync(VideoClient video, string demo, string peopleModel = PeopleModel)
    {
        var record = new RecordConfig(RecordMode.Continuous, ContinuousDays: 1);
        await video.AddCameraAsync(Shapes, new CameraConfig(Path.Combine(demo, "shapes.mp4"), 5, "shapes", Record: record));
        await video.AddCameraAsync(Text, new CameraConfig(Path.Combine(demo, "text.mp4"), 2, "text", Record: record));
        var people = Path.Combine(demo, "people.mp4");
        if (!File.Exists(people))
        {
            return [Shapes, Text];
        }
        var filter = peopleModel == PeopleModel ? PeopleFilter : null;
        await video.AddCameraAsync(People, new CameraConfig(people, 5, peopleModel, Zones: [Square], Filter: filter, Record: record));
        return [Shapes, Text, People];
    }
}
