using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orleans.Video.Cli.Output;

/// <summary>JSON as the HTTP API writes it: camelCase names, enums as strings.</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Compact = Create(indented: false);
    public static readonly JsonSerializerOptions Indented = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented) => new(JsonSerializerDefaults.Web)
    {
        WriteIndented = indented,
        Converters = { new JsonStringEnumConverter() },
    };
}
