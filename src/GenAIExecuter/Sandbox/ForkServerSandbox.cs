using System.Collections.Concurrent;

namespace GenAIExecuter.Sandbox;

/// <summary>
/// <see cref="ExecutionMode.Exec"/>: a warm runner started once (inside the same bubblewrap sandbox) that forks a
/// supervisor and a worker for every run. Runs are concurrent; their frames are told apart by run id. If the server
/// dies, the runs in flight end with a sandbox error and the next run starts a new server.
/// </summary>
internal sealed class ForkServerSandbox(SandboxPlan plan) : ISandbox
{
    /// <summary>Modules the server imports once, so that runs importing them pay nothing: the ones LLM-written data
    /// code imports most. Each preloaded module also makes every fork (and so every run) a little dearer, which is why
    /// the list is short; measured with the benchmark.</summary>
    private const string Preload = "json,re,math,random,statistics,collections,itertools,functools,datetime,decimal," +
        "fractions,string,csv,dataclasses,typing,pathlib";

    private readonly ConcurrentDictionary<uint, RunSink> _runs = new();
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly HostScratch? _scratchRoot = plan.IsolatedScratch is null ? HostScratch.Create("genai-exec-") : null;
    private RunnerProcess? _server;
    private uint _nextId;
    private bool _disposed;

    public SandboxPlan Plan => plan;

    public async Task<RunnerOutcome> RunAsync(string code, RunSettings settings, IProgress<OutputChunk>? output, CancellationToken cancellationToken)
    {
        var server = await EnsureStartedAsync(cancellationToken).ConfigureAwait(false);
        var id = Interlocked.Increment(ref _nextId);
        var sink = new RunSink(output);
        _runs[id] = sink;
        try
        {
            var request = RunRequest.Run(id, code, settings, plan, null, _scratchRoot?.Path ?? plan.IsolatedScratch);
            await SendAsync(server, request, cancellationToken).ConfigureAwait(false);
            try
            {
                return await sink.Completion.WaitAsync(settings.Timeout + SandboxConstants.HardDeadlineGrace, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await CancelRunAsync(server, id).ConfigureAwait(false);
                throw;
            }
            catch (TimeoutException)
            {
                // The supervisor enforces the timeout itself; reaching this means it did not answer. Ask it to stop,
                // and if it still does not, take the whole server down so that nothing of this run survives.
                await CancelRunAsync(server, id).ConfigureAwait(false);
                if (await Task.WhenAny(sink.Completion, Task.Delay(250, CancellationToken.None)).ConfigureAwait(false) != sink.Completion)
                {
                    server.Kill();
                    sink.Abandon("timeout", "The run did not stop in time; the fork server was restarted.");
                }

                return await sink.Completion.ConfigureAwait(false);
            }
        }
        finally
        {
            _runs.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        var server = Interlocked.Exchange(ref _server, null);
        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }

        _scratchRoot?.Dispose();
        _startGate.Dispose();
        _writeGate.Dispose();
    }

    private async Task<RunnerProcess> EnsureStartedAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_server is { HasExited: false } running)
        {
            return running;
        }

        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_server is { HasExited: false } raced)
            {
                return raced;
            }

            if (_server is not null)
            {
                await _server.DisposeAsync().ConfigureAwait(false);
            }

            var server = RunnerProcess.Start(plan, ["serve"], new Dictionary<string, string> { ["GENAI_PRELOAD"] = Preload });
            try
            {
                await server.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            _server = server;
            // A dedicated thread with blocking reads: the server lives as long as the executer, and a pool thread
            // parked on its pipe for that long would starve the pool under load.
            new Thread(() => ReadLoop(server)) { IsBackground = true, Name = "genai-exec fork server reader" }.Start();
            return server;
        }
        finally
        {
            _startGate.Release();
        }
    }

    private void ReadLoop(RunnerProcess server)
    {
        try
        {
            while (RunnerFrame.Read(server.Output) is { } frame)
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

        server.Kill();
        foreach (var sink in _runs.Values)
        {
            sink.Abandon("internal", $"The fork server stopped during the run. {server.Describe()}");
        }
    }

    private async Task SendAsync(RunnerProcess server, byte[] frame, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await server.SendAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task CancelRunAsync(RunnerProcess server, uint id)
    {
        try
        {
            await SendAsync(server, RunRequest.Cancel(id), CancellationToken.None).ConfigureAwait(false);
        }
        catch (SandboxException)
        {
            server.Kill();
        }
    }
}
