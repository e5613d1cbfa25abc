using System.Text.Json;
using Spectre.Console;

namespace Orleans.Video.Cli.Output;

/// <summary>
/// Where a command writes and in which form: Spectre widgets (tables, spinners, live views) for a person at a
/// terminal; plain lines, or JSON with <c>--json</c>, when stdout is a pipe or a file, so scripts never see ANSI
/// codes. Errors always go to stderr as one plain line.
/// </summary>
internal sealed class Terminal
{
    private Terminal(bool interactive, bool json)
    {
        Interactive = interactive;
        Json = json;
    }

    /// <summary>Stdout is a terminal and no JSON was asked for: Spectre may draw.</summary>
    public bool Interactive { get; }

    /// <summary>Machine-readable output was asked for.</summary>
    public bool Json { get; }

    public static Terminal Create(bool json) =>
        new(!json && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive, json);

    /// <summary>Runs <paramref name="work"/> under a status spinner on a terminal, silently otherwise.</summary>
    public async Task<T> WithSpinnerAsync<T>(string status, Func<Task<T>> work)
    {
        if (!Interactive)
        {
            return await work();
        }
        return await AnsiConsole.Status().Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(status), _ => work());
    }

    public Task WithSpinnerAsync(string status, Func<Task> work) =>
        WithSpinnerAsync(status, async () =>
        {
            await work();
            return true;
        });

    /// <summary>A plain line on stdout.</summary>
    public void Line(string text) => Console.Out.WriteLine(text);

    /// <summary>A Spectre markup line (terminal only); user text in it must be escaped by the caller.</summary>
    public void MarkupLine(string markup) => AnsiConsole.MarkupLine(markup);

    public void Write(Spectre.Console.Rendering.IRenderable widget) => AnsiConsole.Write(widget);

    /// <summary>One JSON document on stdout, indented for a person, or on one line for a stream of them.</summary>
    public void WriteJson<T>(T value, bool indented = true) =>
        Console.Out.WriteLine(JsonSerializer.Serialize(value, indented ? JsonOutput.Indented : JsonOutput.Compact));

    /// <summary>A one-line message on stderr, for failures and notes that must not mix with the data on stdout.</summary>
    public static void Error(string message) => Console.Error.WriteLine($"orleans-video: {message}");
}
