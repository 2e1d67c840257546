using System.Diagnostics;
using System.Text;

namespace GenAIExecuter.Sandbox;

/// <summary>One started runner process (<c>once</c> or <c>serve</c>): its framed stdin/stdout and its own diagnostics on stderr.</summary>
internal sealed class RunnerProcess : IAsyncDisposable
{
    private const int DiagnosticsCap = 16 * 1024;
    private readonly Process _process;
    private readonly StringBuilder _diagnostics = new();
    private readonly Lock _gate = new();

    private RunnerProcess(Process process)
    {
        _process = process;
        Input = process.StandardInput.BaseStream;
        // Buffered: a frame's header and body, and frames written together, then cost one read instead of several.
        Output = new BufferedStream(process.StandardOutput.BaseStream, 64 * 1024);
    }

    public Stream Input { get; }

    public Stream Output { get; }

    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>What the runner (or bubblewrap) wrote to its own stderr, for error messages.</summary>
    public string Diagnostics
    {
        get
        {
            lock (_gate)
            {
                return _diagnostics.ToString().Trim();
            }
        }
    }

    public static RunnerProcess Start(SandboxPlan plan, IEnumerable<string> verb, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var start = new ProcessStartInfo(plan.Command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = plan.WorkingDirectory,
        };
        foreach (var arg in plan.Command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var arg in verb)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Clear();
        foreach (var (name, value) in plan.Environment.Concat(extraEnvironment ?? new Dictionary<string, string>()))
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new SandboxException($"Could not start '{plan.Command[0]}'.");
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new SandboxException($"Could not start the sandbox ('{plan.Command[0]}'): {error.Message}", error);
        }

        var runner = new RunnerProcess(process);
        process.ErrorDataReceived += (_, e) => runner.AddDiagnostics(e.Data);
        process.BeginErrorReadLine();
        // If the process we started ends while the runner behind it lives on (bubblewrap killed: its PID namespace
        // stays), closing the request pipe tells the runner to kill its runs, report them and exit.
        process.Exited += (_, _) => runner.CloseInput();
        process.EnableRaisingEvents = true;
        return runner;
    }

    /// <summary>Waits for the runner's hello frame, which says it started and is ready for a request.</summary>
    public async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        RunnerFrame? hello;
        try
        {
            hello = await RunnerFrame.ReadAsync(Output, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException error)
        {
            throw new SandboxException($"The sandbox runner failed to start: {error.Message}. {Diagnostics}", error);
        }

        if (hello is not { Kind: RunnerFrame.Hello })
        {
            await WaitForExitQuietlyAsync().ConfigureAwait(false);
            throw new SandboxException($"The sandbox runner failed to start. {Describe()}");
        }
    }

    public async Task SendAsync(byte[] frame, CancellationToken cancellationToken)
    {
        try
        {
            // The pipe stream is unbuffered: once the write returns, the frame is in the pipe. (No flush after it: a
            // runner that answered and exited at once has its pipe closed by then, and the flush would fail.)
            await Input.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException)
        {
            throw new SandboxException($"The sandbox runner stopped accepting requests. {Describe()}", error);
        }
    }

    /// <summary>Says how the runner ended and what it said, for error messages; safe to call at any time, also after
    /// the process was released.</summary>
    public string Describe()
    {
        var diagnostics = Diagnostics;
        string exit;
        try
        {
            exit = _process.HasExited ? $"It exited with code {_process.ExitCode}." : "It is still running.";
        }
        catch (InvalidOperationException)
        {
            exit = "It was stopped.";
        }

        return diagnostics.Length == 0 ? exit : $"{exit} It said: {diagnostics}";
    }

    /// <summary>Kills the runner and everything it started (bubblewrap's PID namespace dies with it).</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception error) when (error is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    /// <summary>Closes the request pipe: the runner kills the runs it has, reports them and exits.</summary>
    public void CloseInput()
    {
        try
        {
            Input.Close();
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException)
        {
            // Already closed, or the runner is gone.
        }
    }

    /// <summary>Stops the runner gracefully, then forcefully: closing the request pipe makes it kill every run it
    /// has (it knows their sessions, including processes that left the tree), report them and exit; what has not
    /// exited after a moment is killed with its whole tree.</summary>
    public Task StopAsync()
    {
        CloseInput();
        return WaitForExitQuietlyAsync();
    }

    /// <summary>Stops the runner (<see cref="StopAsync"/>) and releases the process.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task WaitForExitQuietlyAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        try
        {
            await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    private void AddDiagnostics(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_diagnostics.Length < DiagnosticsCap)
            {
                _diagnostics.AppendLine(line);
            }
        }
    }
}
