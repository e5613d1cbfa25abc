using System.Text.Json;

namespace Orleans.Video.IntegrationTests.Cli;

/// <summary>What one run of the CLI did: its exit code, its stdout and stderr, and how long it took.</summary>
public sealed record CliResult(IReadOnlyList<string> Arguments, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public string[] Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public JsonElement Json() => JsonDocument.Parse(Stdout).RootElement;

    /// <summary>Everything, for assertion messages.</summary>
    public override string ToString() =>
        $"orleans-video {string.Join(' ', Arguments)}\nexit code {ExitCode} after {Elapsed.TotalSeconds:0.0} s\n--- stdout ---\n{Stdout}--- stderr ---\n{Stderr}";
}
