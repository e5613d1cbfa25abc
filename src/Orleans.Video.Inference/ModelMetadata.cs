using System.Globalization;
using System.Text.RegularExpressions;
using Orleans.Video.Inference.OnnxFiles;

namespace Orleans.Video.Inference;

/// <summary>What an ONNX file says of its input size and classes, as ultralytics' exports write it.</summary>
public static partial class ModelMetadata
{
    /// <summary>The input's width and height: its fixed shape [N, 3, H, W], else the <c>imgsz</c> metadata ("[640, 640]", height first); null when neither says.</summary>
    public static (int Width, int Height)? InputSize(OnnxModelFile file)
    {
        if (file.Inputs is [{ Dims: [_, 3, > 0 and var height, > 0 and var width] }])
        {
            return ((int)width, (int)height);
        }
        if (file.Metadata.TryGetValue("imgsz", out var imgsz))
        {
            var numbers = Numbers().Matches(imgsz).Select(m => int.Parse(m.Value, CultureInfo.InvariantCulture)).ToArray();
            return numbers switch
            {
                [var side] when side > 0 => (side, side),
                [var h, var w] when h > 0 && w > 0 => (w, h),
                _ => null,
            };
        }
        return null;
    }

    /// <summary>Class names by id from the <c>names</c> metadata ("{0: 'person', 1: 'bicycle'}"); null when absent or unreadable.</summary>
    public static string[]? Names(OnnxModelFile file)
    {
        if (!file.Metadata.TryGetValue("names", out var text))
        {
            return null;
        }
        var entries = NameEntries().Matches(text)
            .Select(m => (Id: int.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture), Name: m.Groups["name"].Value))
            .ToArray();
        if (entries.Length == 0 || entries.Max(e => e.Id) >= 10_000)
        {
            return null;
        }
        var names = new string[entries.Max(e => e.Id) + 1];
        foreach (var (id, name) in entries)
        {
            names[id] = name;
        }
        // An id the metadata skips reads as the decoder's own fallback name.
        return names.Select((name, id) => name ?? $"class{id}").ToArray();
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Numbers();

    [GeneratedRegex(@"(?<id>\d+)\s*:\s*['""](?<name>[^'""]*)['""]")]
    private static partial Regex NameEntries();
}
