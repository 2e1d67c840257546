namespace GenAIExecuter.Cli;

/// <summary>Writes the program's output to the terminal as it arrives (stdout to stdout, stderr to stderr).</summary>
internal sealed class LiveOutput(CliConsole console) : IProgress<OutputChunk>
{
    private readonly Lock _gate = new();

    /// <summary>True when the last output written did not end a line (so a status line must start a new one).</summary>
    public bool LineOpen { get; private set; }

    public void Report(OutputChunk value)
    {
        lock (_gate)
        {
            var writer = value.Kind == OutputKind.StandardOutput ? console.Output : console.Error;
            writer.Write(value.Text);
            LineOpen = value.Text.Length > 0 && value.Text[^1] != '\n';
            writer.Flush();
        }
    }
}
