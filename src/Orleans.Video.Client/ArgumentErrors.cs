using System.Text.RegularExpressions;

namespace Orleans.Video;

/// <summary>What a caller is told when a grain refuses its input.</summary>
public static partial class ArgumentErrors
{
    /// <summary>
    /// The rule that failed, without .NET's " (Parameter 'config')" suffix, which names our code, not the caller's
    /// input. Matched on the text: an exception from a grain arrives with the suffix in its message but no ParamName.
    /// </summary>
    public static string Reason(ArgumentException e) => ParameterSuffix().Replace(e.Message, "");

    [GeneratedRegex(@" \(Parameter '[^']*'\)$")]
    private static partial Regex ParameterSuffix();
}
