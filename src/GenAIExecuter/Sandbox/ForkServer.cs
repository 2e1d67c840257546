using System.Collections.Concurrent;

namespace GenAIExecuter.Sandbox;

/// <summary>One started fork server: its process, the runs it has in flight, the thread that reads its frames, and the
/// ordered writing of requests. When it ends, only its own runs are failed; a new server never inherits them.</summary>
internal sealed class ForkServer : IAsyncDisposable
{
    /// <summary>How long a server has to confirm that a run it was told to stop is over before the whole server is
    /// killed: a server that cannot stop one run cannot be trusted with the others.</summary>
    private static readonly TimeSpan StopConfirmation = TimeSpan.FromSeconds(2);

    private readonly RunnerProcess _process;
    private readonly ConcurrentDictionary<uint, RunSink> _runs = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private int _ended;

    private ForkServer(RunnerProcess process) => _process = process;

    /// <summary>False once its frames have ended or its process has exited.</summary>
    public bool IsAlive => Volatile.Read(ref _ended) == 0 && !_process.HasExited;

    public static async Task<ForkServer> StartAsync(SandboxPlan plan, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var process = RunnerProcess.Start(plan, ["serve"], environment);
        try
        {
            await process.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var server = new ForkServer(process);
        // A dedicated thread with blocking reads: the server lives as long as the executer, and a pool thread
        // parked on its pipe for that long would starve the pool under load.
        new Thread(server.ReadLoop) { IsBackground = true, Name = "genai-exec fork server reader" }.Start();
        return server;
    }

    public RunSink Register(uint id, IProgress<OutputChunk>? output)
    {
        var sink = new RunSink(output);
        _runs[id] = sink;
        if (Volatile.Read(ref _ended) != 0)
        {
            sink.EndWithoutReport($"The fork server stopped before the run. {_process.Describe()}");
        }

        return sink;
    }

    public void Unregister(uint id) => _runs.TryRemove(id, out _);

    /// <summary>Sends a request whole. Only waiting for the turn to write can be cancelled: a frame cut off half-way
    /// would leave the server reading the next request out of step.</summary>
    /// <exception cref="SandboxException">The server no longer accepts requests.</exception>
    public async Task SendAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _process.SendAsync(frame, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Tells the server to stop a run whose caller has stopped waiting, off the caller's path: the run is
    /// forgotten once the server reports it over, and if that report does not come in time the server is killed, so
    /// that nothing of the run survives.</summary>
    public void StopInBackground(uint id, RunSink sink) => _ = Task.Run(async () =>
    {
        try
        {
            await SendAsync(RunRequest.Cancel(id), CancellationToken.None).ConfigureAwait(false);
            if (await Task.WhenAny(sink.Reported, Task.Delay(StopConfirmation)).ConfigureAwait(false) != sink.Reported)
            {
                await _process.StopAsync().ConfigureAwait(false);
            }
        }
        catch (SandboxException)
        {
            await _process.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            Unregister(id);
        }
    });

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        _writeGate.Dispose();
    }

    private void ReadLoop()
    {
        try
        {
            while (RunnerFrame.Read(_process.Output) is { } frame)
            {
                if (_runs.TryGetValue(frame.RunId, out var sink))
                {
                    sink.Accept(frame);
                }
            }
        }
        catch (Exception error) when (error is IOException or SandboxException or ObjectDisposedException)
        {
            // Treated as the server's end, below.
        }

        Interlocked.Exchange(ref _ended, 1); // a full fence: a run registered from now on sees it
        _process.Kill();
        foreach (var sink in _runs.Values)
        {
            sink.EndWithoutReport($"The fork server stopped during the run. {_process.Describe()}");
        }
    }
}
