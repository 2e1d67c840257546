namespace GenAIExecuter.Sandbox;

/// <summary>
/// <see cref="ExecutionMode.Subprocess"/>: a fresh runner process (and bubblewrap sandbox) for every run. To take the
/// start-up cost off the caller's path, a few fresh processes are started ahead of need and wait, unused, for their
/// single request; no process ever serves two runs.
/// </summary>
internal sealed class SubprocessSandbox(SandboxPlan plan, int prestarted) : ISandbox
{
    private const uint RunId = 1;
    private readonly Lock _gate = new();
    private readonly Queue<Task<RunnerProcess>> _spares = new();
    private bool _disposed;

    public SandboxPlan Plan => plan;

    public async Task<RunnerOutcome> RunAsync(string code, RunSettings settings, IProgress<OutputChunk>? output, CancellationToken cancellationToken)
    {
        using var deadline = new RunDeadline(settings.Timeout, cancellationToken);
        using var scratch = plan.IsolatedScratch is null ? HostScratch.Create("genai-run-") : null;
        RunnerProcess runner;
        try
        {
            runner = await AcquireAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return RunnerOutcome.NotStarted();
        }

        try
        {
            RefillSpares();
            var sink = new RunSink(output);
            // Stopping the runner ends its stdout, which ends the read loop below whatever the stream supports.
            await using var onDeadline = deadline.Token.Register(() => _ = runner.StopAsync()).ConfigureAwait(false);
            try
            {
                await runner.SendAsync(RunRequest.Run(RunId, code, deadline.Remaining(settings), plan, scratch?.Path, null), CancellationToken.None).ConfigureAwait(false);
                // At the deadline the call returns at once: it does not wait for a loaded runner to notice its stop.
                var reading = Task.Factory.StartNew(() => ReadFrames(runner, sink), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                _ = reading.ContinueWith(static task => _ = task.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                await reading.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is OperationCanceledException or IOException or SandboxException && deadline.IsOver)
            {
                // Handled below, with a runner that ended its output because the deadline stopped it.
            }

            if (deadline.IsOver)
            {
                // A cancelled call throws, even where the runner reported the stop that the cancellation caused.
                cancellationToken.ThrowIfCancellationRequested();
                // The code was still going at its timeout (its runner had not reported): a timeout, which says its
                // output may be incomplete. Never a success. (A result that did arrive stands.)
                sink.Abandon(RunnerFields.StatusTimeout, RunDeadline.NotReportedMessage("its runner was stopped"));
            }

            sink.Abandon(RunnerFields.StatusInternal, $"The sandbox runner stopped without reporting a result. {runner.Describe()}");
            return await sink.Completion.ConfigureAwait(false);
        }
        finally
        {
            // The runner exits by itself once it has reported; reaping it is off the caller's path.
            _ = Task.Run(() => runner.DisposeAsync().AsTask(), CancellationToken.None);
        }
    }

    /// <summary>Relays the runner's frames to the sink, on a thread of its own: blocking reads of many runners at once
    /// would otherwise hold the thread pool, and every call's deadline would wait for a free thread.</summary>
    private static void ReadFrames(RunnerProcess runner, RunSink sink)
    {
        while (!sink.Completion.IsCompleted && RunnerFrame.Read(runner.Output) is { } frame)
        {
            sink.Accept(frame);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task<RunnerProcess>[] spares;
        lock (_gate)
        {
            _disposed = true;
            spares = [.. _spares];
            _spares.Clear();
        }

        foreach (var spare in spares)
        {
            try
            {
                await (await spare.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (SandboxException)
            {
                // It never started; nothing to stop.
            }
        }

        Plan.ReleaseHostResources();
    }

    private async Task<RunnerProcess> AcquireAsync(CancellationToken cancellationToken)
    {
        Task<RunnerProcess>? spare;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _spares.TryDequeue(out spare);
        }

        if (spare is not null)
        {
            try
            {
                var ready = await spare.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (!ready.HasExited)
                {
                    return ready;
                }

                await ready.DisposeAsync().ConfigureAwait(false);
            }
            catch (SandboxException)
            {
                // The spare failed to start: start one now, which reports the failure if it repeats.
            }
        }

        return await StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private void RefillSpares()
    {
        lock (_gate)
        {
            while (!_disposed && _spares.Count < prestarted)
            {
                _spares.Enqueue(Task.Run(() => StartAsync(CancellationToken.None)));
            }
        }
    }

    private async Task<RunnerProcess> StartAsync(CancellationToken cancellationToken)
    {
        // In a PID namespace of its own (bubblewrap), everything in the namespace but init belongs to the run.
        // Process.Start blocks its thread (and, under load, queues behind other starts): it runs on a thread of its
        // own, off the caller's path and off the thread pool (whose threads run every call's deadline timer), so that
        // deadlines hold however long a start takes; a runner that starts after its call gave up is stopped.
        var starting = Task.Factory.StartNew(() => RunnerProcess.Start(plan, plan.OwnPidNamespace ? ["once", "--pid-namespace"] : ["once"],
            new Dictionary<string, string> { [RunRequest.KernelPlanVariable] = RunRequest.KernelPlan(plan) }),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        RunnerProcess runner;
        try
        {
            runner = await starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _ = starting.ContinueWith(static late => late.Result.DisposeAsync().AsTask(), CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }

        try
        {
            await runner.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
            return runner;
        }
        catch
        {
            await runner.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
