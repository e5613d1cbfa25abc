using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Cli.Input;
using Orleans.Video.Cli.Output;
using Spectre.Console;

namespace Orleans.Video.Cli.Commands;

/// <summary>
/// <c>camera add &lt;id&gt; --source … [--fps …] [--model …] [--no-loop] [--zones FILE] [--labels …] [--min-score [label=]…]
/// [--min-area [label=]…] [--max-area [label=]…]</c>.
/// </summary>
internal static class CameraAddCommand
{
    public const double DefaultFps = 5;
    public const string DefaultModel = CameraConfig.DefaultModel;

    public static Command Create(ConnectionOptions connection)
    {
        var id = new Argument<string>("id") { Description = "Camera id: up to 64 letters, digits, '_', '-' or '.'" };
        var source = new Option<string>("--source", "-s")
        {
            Description = "A video file path, or an rtsp, rtsps, http(s), tcp or udp URL",
            HelpName = "path or url",
            Required = true,
        };
        var fps = new Option<double>("--fps")
        {
            Description = $"Frames per second to analyse (0 < fps <= {CameraConfigValidator.MaxFps})",
            DefaultValueFactory = _ => DefaultFps,
        };
        var model = new Option<string>("--model", "-m")
        {
            Description = $"Name of a model in the silos' model catalog (default {DefaultModel}; e.g. shapes, text, people, faces)",
            DefaultValueFactory = _ => DefaultModel,
        };
        var noLoop = new Option<bool>("--no-loop") { Description = "For a file source: stop at its end instead of starting again" };
        var zones = new Option<string?>("--zones")
        {
            Description = "A JSON file holding the camera's zones, as the HTTP API takes them: " +
                          "[{\"name\":\"door\",\"points\":[{\"x\":0,\"y\":0},…],\"labels\":[\"person\"],\"loiterSeconds\":10}]",
            HelpName = "file.json",
        };
        var labels = new Option<string?>("--labels")
        {
            Description = "The labels to track, comma-separated (e.g. person,car); default person where the model has it, else every label",
            HelpName = "labels",
        };
        var minScore = ThresholdOption("--min-score", "score", "Keep only detections scoring at least this (0..1)", "car=0.6");
        var minArea = ThresholdOption("--min-area", "pixels", "Keep only boxes of at least this many source pixels (width x height)", "car=400");
        var maxArea = ThresholdOption("--max-area", "pixels", "Keep only boxes of at most this many source pixels", "car=200000");

        var record = new Option<RecordMode>("--record")
        {
            Description = "Record the camera's video: off, continuous, or events (only what events overlap, 5 s either side)",
            DefaultValueFactory = _ => RecordMode.Off,
        };
        var keepDays = new Option<double?>("--keep-days") { Description = "Days recordings are kept (default: 3 continuous, 14 around events)", HelpName = "days" };
        var recordSource = new Option<string?>("--record-source") { Description = "The camera's main stream to record, while --source (the sub stream) is analysed", HelpName = "url" };
        var hwaccel = new Option<HwAccel>("--hwaccel") { Description = "Hardware decoding: none, vaapi, cuda or qsv (software when the silo lacks it)", DefaultValueFactory = _ => HwAccel.None };
        var keyframesOnly = new Option<bool>("--keyframes-only") { Description = "Decode keyframes only: far less CPU, for --fps at or below the keyframe rate" };
        var noTlsVerify = new Option<bool>("--no-tls-verify") { Description = "For an rtsps source: do not check the camera's certificate (a self-signed one)" };
        var rtspTransport = new Option<RtspTransport>("--rtsp-transport") { Description = "auto (TCP, then UDP if refused), tcp or udp", DefaultValueFactory = _ => RtspTransport.Auto };

        var command = new Command("add", "Add a camera (or reconfigure an existing one) and start it")
        {
            id, source, fps, model, noLoop, zones, labels, minScore, minArea, maxArea, record, keepDays, recordSource, hwaccel, keyframesOnly, rtspTransport, noTlsVerify,
        };
        command.SetClusterAction(connection, json: null,
            prepare: parse =>
            {
                var config = new CameraConfig(
                    LocalPath(parse.GetRequiredValue(source)), parse.GetValue(fps), parse.GetRequiredValue(model),
                    Loop: !parse.GetValue(noLoop),
                    Zones: parse.GetValue(zones) is { } file ? ZonesFile.Read(file) : null,
                    Filter: FilterOptions.Read(parse.GetValue(labels), parse.GetValue(minScore), parse.GetValue(minArea), parse.GetValue(maxArea)),
                    Record: Record(parse.GetValue(record), parse.GetValue(keepDays)),
                    RecordSource: parse.GetValue(recordSource) is { } main ? LocalPath(main) : null,
                    RtspTransport: parse.GetValue(rtspTransport),
                    Hwaccel: parse.GetValue(hwaccel),
                    KeyframesOnly: parse.GetValue(keyframesOnly),
                    TlsVerify: !parse.GetValue(noTlsVerify));
                // The same rules the cluster applies, checked before connecting: a bad zones file is reported at once.
                CameraConfigValidator.ThrowIfInvalid(config);
                return config;
            },
            body: async (context, config, _) =>
            {
                var cameraId = context.Parse.GetRequiredValue(id);
                await context.Terminal.WithSpinnerAsync($"Adding camera {cameraId}…", () => context.Video.AddCameraAsync(cameraId, config));
                var what = $"{config.Model} at {TextFormat.Number(config.Fps)} fps from {config.Source}{TextFormat.Analysis(config)}";
                if (context.Terminal.Interactive)
                {
                    context.Terminal.MarkupLine($"[green]Added[/] camera [bold]{Markup.Escape(cameraId)}[/]: {Markup.Escape(what)}");
                }
                else
                {
                    context.Terminal.Line($"added {cameraId}: {what}");
                }
                return ExitCodes.Ok;
            });
        return command;
    }

    /// <summary>A threshold for every label (a number) or for one (<c>label=number</c>), repeatable: see <see cref="FilterOptions"/>.</summary>
    private static Option<string[]> ThresholdOption(string name, string unit, string description, string example) => new(name)
    {
        Description = $"{description}; label={unit} for one label (e.g. {example}), which also tracks it. Repeatable",
        HelpName = $"{unit}|label={unit}",
    };

    private static RecordConfig? Record(RecordMode mode, double? keepDays)
    {
        if (mode == RecordMode.Off)
        {
            return keepDays is null ? null : throw new ArgumentException("--keep-days needs --record continuous or events");
        }
        return keepDays is { } days ? new RecordConfig(mode, ContinuousDays: days, EventDays: days) : new RecordConfig(mode);
    }

    /// <summary>
    /// A relative path that names a file here becomes absolute: the silo resolves paths against its own working
    /// folder, not the one the CLI was started in. Anything else (URLs, paths only the silo sees) goes as given.
    /// </summary>
    private static string LocalPath(string source) =>
        !source.Contains("://", StringComparison.Ordinal) && !Path.IsPathRooted(source) && File.Exists(source) ? Path.GetFullPath(source) : source;
}
