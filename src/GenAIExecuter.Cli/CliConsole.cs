namespace GenAIExecuter.Cli;

/// <summary>The CLI's writers and reader, so tests can capture them; colour only on a terminal without NO_COLOR.</summary>
internal sealed class CliConsole(TextWriter output, TextWriter error, TextReader input)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public TextReader Input { get; } = input;

    public bool UseColor { get; } =
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        && ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>Whether standard error is a terminal that can redraw a line (for the spinner).</summary>
    public bool IsTerminal { get; } =
        ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") is not "dumb";

    /// <summary>Whether a person is at the keyboard (so the CLI may ask before deleting).</summary>
    public bool IsInteractive { get; } = ReferenceEquals(input, Console.In) && !Console.IsInputRedirected;

    public string Paint(string text, string ansi) => UseColor ? $"\u001b[{ansi}m{text}\u001b[0m" : text;
}
