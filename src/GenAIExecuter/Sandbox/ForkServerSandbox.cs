namespace GenAIExecuter.Sandbox;

/// <summary>
/// <see cref="ExecutionMode.Exec"/>: a warm runner started once (inside the same bubblewrap sandbox) that forks a
/// supervisor and a worker for every run. Runs are concurrent; their frames are told apart by run id. If the server
/// dies, the runs in flight end with a sandbox error and the next run starts a new server.
/// </summary>
internal sealed class ForkServerSandbox(SandboxPlan plan, IEnumerable<string> preload) : ISandbox
{
    /// <summary>Modules the server imports once, so that runs importing them pay nothing (see
    /// <see cref="CodeExecuterOptions.PreloadModules"/>).</summary>
    private readonly string _preload = string.Join(',', preload);

    private readonly SemaphoreSlim _startGate = new(1, 1);
    private readonly HostScratch? _scratchRoot = plan.IsolatedScratch is null ? HostScratch.Create("genai-exec-") : null;
    private ForkServer? _server;
    private uint _nextId;
    private bool _disposed;

    public SandboxPlan Plan => plan;

    public async Task<RunnerOutcome> RunAsync(string code, RunSettings settings, IProgress<OutputChunk>? output, CancellationToken cancellationToken)
    {
        using var deadline = new RunDeadline(settings.Timeout, cancellationToken);
        ForkServer server;
        try
        {
            server = await EnsureStartedAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return RunnerOutcome.NotStarted();
        }

        var id = Interlocked.Increment(ref _nextId);
        var sink = server.Register(id, output);
        var sent = false;
        var stopping = false;
        try
        {
            await server.SendAsync(RunRequest.Run(id, code, deadline.Remaining(settings), plan, null, _scratchRoot?.Path ?? plan.IsolatedScratch), deadline.Token).ConfigureAwait(false);
            sent = true;
            return await sink.Completion.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            if (sent && !sink.Completion.IsCompleted)
            {
                // The runner stops the run; the caller does not wait for it.
                stopping = true;
                server.StopInBackground(id, sink);
            }

            cancellationToken.ThrowIfCancellationRequested();
            // Sent and not reported by the deadline: the code was still going at its timeout, and its output may be
            // incomplete. Not sent: the sandbox never got to run it.
            sink.Abandon(sent ? RunnerFields.StatusTimeout : RunnerFields.StatusInternal, RunDeadline.NotReportedMessage("the run was stopped"));
            return await sink.Completion.ConfigureAwait(false);
        }
        catch (SandboxException error)
        {
            return RunnerOutcome.Failed(error.Message);
        }
        finally
        {
            if (!stopping)
            {
                server.Unregister(id);
            }
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
        Plan.ReleaseHostResources();
        _startGate.Dispose();
    }

    private async Task<ForkServer> EnsureStartedAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_server is { IsAlive: true } running)
        {
            return running;
        }

        await _startGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_server is { IsAlive: true } raced)
            {
                return raced;
            }

            if (_server is { } dead)
            {
                // Off the caller's path: it is gone or going, and its own runs were already failed.
                _ = Task.Run(() => dead.DisposeAsync().AsTask(), CancellationToken.None);
            }

            var environment = new Dictionary<string, string>
            {
                ["GENAI_PRELOAD"] = _preload,
                ["GENAI_SYS_PATH"] = string.Join('\x1f', plan.Python.SysPath), // the runner starts with -S; preloads need site-packages
                // A preloaded matplotlib keeps its config and font cache in the server's own scratch, not the user's home.
                ["MPLCONFIGDIR"] = Path.Combine(_scratchRoot?.Path ?? plan.IsolatedScratch ?? Path.GetTempPath(), "matplotlib"),
                [RunRequest.KernelPlanVariable] = RunRequest.KernelPlan(plan),
            };
            _server = await ForkServer.StartAsync(plan, environment, cancellationToken).ConfigureAwait(false);
            return _server;
        }
        finally
        {
            _startGate.Release();
        }
    }
}
