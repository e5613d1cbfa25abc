using Microsoft.Extensions.Options;

namespace Orleans.Video.Inference;

/// <summary>Rejects a bad <c>Inference</c> section at start, each message naming the configuration key.</summary>
public sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    public const int MaxInputSize = 8192;
    public const int MaxBatchLimit = 256;
    public static readonly TimeSpan MaxBatchWaitLimit = TimeSpan.FromSeconds(1);
    public const float MinHogUpscale = 0.25f;
    public const float MaxHogUpscale = 4;
    public const int MaxHogWinStride = 64;
    public const float MaxHogScaleStep = 2;
    public const int MaxSessions = 64;

    public ValidateOptionsResult Validate(string? name, InferenceOptions options)
    {
        var errors = new List<string>();
        const string Root = InferenceOptions.SectionName;
        if (options.IntraOpThreads < 0)
        {
            errors.Add($"{Root}:IntraOpThreads: must be 0 (ONNX Runtime's default) or more, got {options.IntraOpThreads}");
        }
        if (options.MaxBatch is < 1 or > MaxBatchLimit)
        {
            errors.Add($"{Root}:MaxBatch: must be in 1..{MaxBatchLimit}, got {options.MaxBatch}");
        }
        if (options.MaxBatchWait < TimeSpan.Zero || options.MaxBatchWait > MaxBatchWaitLimit)
        {
            errors.Add($"{Root}:MaxBatchWait: must be between 0 and {MaxBatchWaitLimit}, got {options.MaxBatchWait}");
        }
        foreach (var (modelName, model) in options.Models ?? [])
        {
            ValidateModel($"{Root}:Models:{modelName}", model, errors);
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateModel(string key, ModelDefinition? model, List<string> errors)
    {
        if (model is null)
        {
            errors.Add($"{key}: the model has no settings");
            return;
        }
        var hasPath = !string.IsNullOrWhiteSpace(model.Path);
        var hasBuiltin = !string.IsNullOrWhiteSpace(model.Builtin);
        switch (model.Format)
        {
            case ModelFormat.HogPeople when hasPath || hasBuiltin:
                errors.Add($"{key}: {ModelFormat.HogPeople} is OpenCV's built-in people detector; it takes no Path or Builtin");
                break;
            case ModelFormat.BlazeFace when !hasPath || hasBuiltin:
                errors.Add($"{key}: {ModelFormat.BlazeFace} needs Path (a .tflite file, e.g. face_detection_short_range.tflite) and no Builtin");
                break;
            case not (ModelFormat.HogPeople or ModelFormat.BlazeFace) when hasPath == hasBuiltin:
                errors.Add($"{key}: set exactly one of Path (an .onnx file) or Builtin ({string.Join(", ", BuiltinModels.Names)})");
                break;
        }
        if (hasPath && !File.Exists(model.Path))
        {
            errors.Add($"{key}:Path: file not found: {System.IO.Path.GetFullPath(model.Path!)}");
        }
        if (hasBuiltin && !BuiltinModels.Exists(model.Builtin))
        {
            errors.Add($"{key}:Builtin: unknown builtin '{model.Builtin}' (known: {string.Join(", ", BuiltinModels.Names)})");
        }
        if (hasBuiltin && BuiltinModels.Exists(model.Builtin) && model.Format != ModelFormat.Yolo)
        {
            errors.Add($"{key}:Format: builtin '{model.Builtin}' produces {ModelFormat.Yolo} output, not {model.Format}");
        }
        if (!Enum.IsDefined(model.Format))
        {
            errors.Add($"{key}:Format: must be one of {string.Join(", ", Enum.GetNames<ModelFormat>())}");
        }
        if (!Enum.IsDefined(model.ChannelOrder))
        {
            errors.Add($"{key}:ChannelOrder: must be one of {string.Join(", ", Enum.GetNames<ChannelOrder>())}");
        }
        if (model.InputWidth is < 1 or > MaxInputSize)
        {
            errors.Add($"{key}:InputWidth: must be in 1..{MaxInputSize}, got {model.InputWidth}");
        }
        if (model.InputHeight is < 1 or > MaxInputSize)
        {
            errors.Add($"{key}:InputHeight: must be in 1..{MaxInputSize}, got {model.InputHeight}");
        }
        if (model.Mean is not { Length: 3 } || model.Mean.Any(v => !float.IsFinite(v)))
        {
            errors.Add($"{key}:Mean: needs 3 finite values, one per channel, got [{string.Join(", ", model.Mean ?? [])}]");
        }
        if (model.Std is not { Length: 3 } || model.Std.Any(v => !float.IsFinite(v) || v <= 0))
        {
            errors.Add($"{key}:Std: needs 3 positive values, one per channel, got [{string.Join(", ", model.Std ?? [])}]");
        }
        if (model.Sha256 is { Length: > 0 } sha256 && (sha256.Trim().Length != 64 || !sha256.Trim().All(char.IsAsciiHexDigit)))
        {
            errors.Add($"{key}:Sha256: must be 64 hexadecimal digits (sha256sum's output), got '{sha256}'");
        }
        if (!Enum.IsDefined(model.Placement))
        {
            errors.Add($"{key}:Placement: must be one of {string.Join(", ", Enum.GetNames<LetterboxPlacement>())}");
        }
        if (!(model.PixelRange > 0 && float.IsFinite(model.PixelRange)))
        {
            errors.Add($"{key}:PixelRange: must be positive (1 for inputs of 0–1, 255 for raw byte values), got {model.PixelRange}");
        }
        if (model.Strides is not { Length: > 0 } || model.Strides.Any(s => s < 1))
        {
            errors.Add($"{key}:Strides: needs one or more positive strides, got [{string.Join(", ", model.Strides ?? [])}]");
        }
        else if (model.Format == ModelFormat.Yolox && model.Strides.Any(s => model.InputWidth % s != 0 || model.InputHeight % s != 0))
        {
            errors.Add($"{key}:Strides: YOLOX's grids need the input {model.InputWidth}x{model.InputHeight} to be a multiple of every stride [{string.Join(", ", model.Strides)}]");
        }
        if (model.Sessions is < 0 or > MaxSessions)
        {
            errors.Add($"{key}:Sessions: must be 0 (chosen from the silo's cores) or 1..{MaxSessions}, got {model.Sessions}");
        }
        if (model.Labels is null && !string.IsNullOrWhiteSpace(model.LabelsPath) && !File.Exists(model.LabelsPath))
        {
            errors.Add($"{key}:LabelsPath: file not found: {System.IO.Path.GetFullPath(model.LabelsPath)}");
        }
        CheckFraction(key, nameof(model.ScoreThreshold), model.ScoreThreshold, errors);
        if (model.EventThreshold is { } eventThreshold)
        {
            CheckFraction(key, nameof(model.EventThreshold), eventThreshold, errors);
        }
        CheckFraction(key, nameof(model.IouThreshold), model.IouThreshold, errors);
        CheckFraction(key, nameof(model.DbBinaryThreshold), model.DbBinaryThreshold, errors);
        if (model.MaxDetections < 1)
        {
            errors.Add($"{key}:MaxDetections: must be at least 1, got {model.MaxDetections}");
        }
        if (!float.IsFinite(model.DbUnclipRatio) || model.DbUnclipRatio < 0)
        {
            errors.Add($"{key}:DbUnclipRatio: must be 0 or more, got {model.DbUnclipRatio}");
        }
        if (!float.IsFinite(model.DbMinArea) || model.DbMinArea < 0)
        {
            errors.Add($"{key}:DbMinArea: must be 0 or more, got {model.DbMinArea}");
        }
        ValidateHog(key, model, errors);
    }

    private static void ValidateHog(string key, ModelDefinition model, List<string> errors)
    {
        if (!(model.HogUpscale >= MinHogUpscale && model.HogUpscale <= MaxHogUpscale))
        {
            errors.Add($"{key}:HogUpscale: must be between {MinHogUpscale} and {MaxHogUpscale}, got {model.HogUpscale}");
        }
        else if (model.Format == ModelFormat.HogPeople
            && (model.InputWidth * model.HogUpscale < HogPeopleDetector.WindowWidth || model.InputHeight * model.HogUpscale < HogPeopleDetector.WindowHeight))
        {
            errors.Add($"{key}:HogUpscale: the input {model.InputWidth}x{model.InputHeight} enlarged x{model.HogUpscale} is smaller than the " +
                $"{HogPeopleDetector.WindowWidth}x{HogPeopleDetector.WindowHeight} detection window: nobody could be found");
        }
        if (model.HogWinStride is < 1 or > MaxHogWinStride)
        {
            errors.Add($"{key}:HogWinStride: must be in 1..{MaxHogWinStride}, got {model.HogWinStride}");
        }
        // A step of 1 would never shrink the image, so the pyramid would not end.
        if (!(model.HogScaleStep > 1 && model.HogScaleStep <= MaxHogScaleStep))
        {
            errors.Add($"{key}:HogScaleStep: must be above 1 and at most {MaxHogScaleStep}, got {model.HogScaleStep}");
        }
    }

    private static void CheckFraction(string key, string property, float value, List<string> errors)
    {
        if (!(value >= 0 && value <= 1))
        {
            errors.Add($"{key}:{property}: must be between 0 and 1, got {value}");
        }
    }
}
