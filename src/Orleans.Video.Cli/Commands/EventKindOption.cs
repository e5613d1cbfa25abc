using System.CommandLine;

namespace Orleans.Video.Cli.Commands;

/// <summary><c>--kind object|zone|loiter</c>, by name only: System.CommandLine's enum parsing would also take "1".</summary>
internal static class EventKindOption
{
    public static readonly string Names = string.Join("|", Enum.GetValues<EventKind>().Select(kind => kind.ToString().ToLowerInvariant()));

    public static Option<EventKind?> Create() => new("--kind", "-k")
    {
        Description = "Only events of this kind: object (an object in view), zone (in a zone), loiter (stayed in a zone too long)",
        HelpName = Names,
        CustomParser = result =>
        {
            var text = result.Tokens[0].Value;
            foreach (var kind in Enum.GetValues<EventKind>())
            {
                if (kind.ToString().Equals(text, StringComparison.OrdinalIgnoreCase))
                {
                    return kind;
                }
            }
            result.AddError($"--kind '{text}' is not one of {Names.Replace("|", ", ", StringComparison.Ordinal)}");
            return null;
        },
    };
}
