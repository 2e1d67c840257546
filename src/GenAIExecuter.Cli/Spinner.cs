namespace GenAIExecuter.Cli;

/// <summary>A one-line spinner on standard error while the CLI waits on the model ("⠋ Waiting for gemini…"). It draws
/// only when standard error is a terminal (and TERM is not "dumb"); elsewhere it prints its label once, as a plain line,
/// so logs and pipes get no control characters. Stopping erases the line.</summary>
internal sealed class Spinner : IDisposable
{
    private static readonly string[] Frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly CliConsole _console;
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private string? _label;
    private int _frame;

    public Spinner(CliConsole console)
    {
        _console = console;
        _timer = new Timer(_ => Draw());
    }

    /// <summary>Shows the spinner with this label (or prints the label once when not on a terminal).</summary>
    public void Start(string label)
    {
        lock (_gate)
        {
            if (!_console.IsTerminal)
            {
                _console.Error.WriteLine(_console.Paint(label, "2"));
                return;
            }

            _label = label;
            _frame = 0;
            _timer.Change(TimeSpan.Zero, Interval);
        }
    }

    /// <summary>Erases the spinner, if it is showing, before anything else is written.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_label is null)
            {
                return;
            }

            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _label = null;
            _console.Error.Write("\r\u001b[2K");
            _console.Error.Flush();
        }
    }

    public void Dispose()
    {
        Stop();
        _timer.Dispose();
    }

    private void Draw()
    {
        lock (_gate)
        {
            if (_label is null)
            {
                return;
            }

            _console.Error.Write($"\r{_console.Paint(Frames[_frame++ % Frames.Length], "36")} {_label}");
            _console.Error.Flush();
        }
    }
}
