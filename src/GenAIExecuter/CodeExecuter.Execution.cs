using GenAIExecuter.History;
using GenAIExecuter.Sandbox;

namespace GenAIExecuter;

public sealed partial class CodeExecuter
{
    /// <summary>Runs Python code in the sandbox and returns what happened. Failures of the code (exceptions, policy
    /// violations, timeouts) are reported in the result, not thrown.</summary>
    /// <param name="code">The Python source to run.</param>
    /// <param name="timeout">How long it may run; null for <see cref="CodeExecuterOptions.Timeout"/>.</param>
    /// <param name="saveExecution">Save the result to the history (<see cref="CodeExecuterOptions.ExecutionsDirectory"/>).
    /// A failure to save is logged and leaves <see cref="ExecutionResult.SavedTo"/> null; it never loses the result.</param>
    /// <param name="output">Receives the program's output as it is printed; null to only collect it.</param>
    /// <param name="inputFiles">Files the code reads, read-only, under their names (see <see cref="InputFile"/>); null for none.</param>
    /// <param name="cancellationToken">Stops the run (its whole process tree is killed) and throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The result; <see cref="ExecutionResult.Success"/> tells whether the code succeeded.</returns>
    /// <exception cref="PythonNotFoundException">No usable Python interpreter.</exception>
    /// <exception cref="IsolationUnavailableException">Isolation is required and not available.</exception>
    /// <exception cref="InputFileException">Two inputs share a name, or an input can no longer be read.</exception>
    public async Task<ExecutionResult> ExecuteCodeAsync(
        string code,
        TimeSpan? timeout = null,
        bool saveExecution = false,
        IProgress<OutputChunk>? output = null,
        IReadOnlyList<InputFile>? inputFiles = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var limit = CheckTimeout(timeout);
        var inputs = InputFile.CheckDistinct(inputFiles);
        var (id, timestamp) = _ids.Next();
        var result = await RunCodeAsync(code, id, timestamp, limit, inputs, output, cancellationToken).ConfigureAwait(false);
        result = result with { Attempts = [ExecutionAttempt.From(result, 1)] };
        return saveExecution ? TrySave(result) : result;
    }

    private TimeSpan CheckTimeout(TimeSpan? timeout)
    {
        var limit = timeout ?? _options.Timeout;
        return limit <= TimeSpan.Zero || limit > CodeExecuterDefaults.MaxTimeout
            ? throw new ArgumentOutOfRangeException(nameof(timeout), limit, $"The timeout must be between 0 and {CodeExecuterDefaults.MaxTimeout.TotalHours} hours.")
            : limit;
    }

    /// <summary>One run in the sandbox, reported as a result (no attempts, not saved).</summary>
    private async Task<ExecutionResult> RunCodeAsync(
        string code, string id, DateTimeOffset timestamp, TimeSpan limit, IReadOnlyList<InputFile> inputs, IProgress<OutputChunk>? output, CancellationToken cancellationToken)
    {
        var mode = SecurityMode;
        var started = _options.TimeProvider.GetTimestamp();
        var sandbox = await GetSandboxAsync(mode, cancellationToken).ConfigureAwait(false);
        var context = new Sandbox.ExecutionContext(id, timestamp, null, code, limit, _options.Limits.CpuTime, _options.Limits.MemoryBytes, mode, _options.ExecutionMode, sandbox.Plan.Report);
        Log.ExecutionCode(_logger, id, code);

        var store = sandbox.Plan.Artifacts;
        var skipped = store is null ? [] : new[] { store.Directory, Path.GetFullPath(_options.ExecutionsDirectory, sandbox.Plan.WorkingDirectory) };
        var before = store is not null && mode == SecurityMode.Permissive ? WorkingDirectorySnapshot.Take(sandbox.Plan.WorkingDirectory, skipped) : null;
        var staged = store is null ? null : InputStaging.Stage(store, inputs);
        RunnerOutcome outcome;
        try
        {
            outcome = await sandbox.RunAsync(code, new RunSettings(limit, _options.Limits) { InputsDirectory = staged }, output, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            InputStaging.Release(staged);
        }

        var result = ResultFactory.Create(outcome, context, _options.TimeProvider.GetElapsedTime(started));
        if (store is not null && before is not null)
        {
            var (artifacts, note) = KeepChangedFiles(store, before, skipped, id);
            result = result with { Artifacts = artifacts, ArtifactsNote = note };
        }
        else if (store is not null)
        {
            result = result with { Artifacts = KeepArtifacts(store, outcome, id), ArtifactsNote = ResultFactory.ArtifactsNote(outcome, _options.Limits) };
        }

        Log.ExecutionFinished(_logger, id, result.Status, result.ExecutionTime.TotalMilliseconds);
        Log.ExecutionOutput(_logger, id, result.Output);
        return result;
    }

    private IReadOnlyList<Artifact> KeepArtifacts(ArtifactStore store, RunnerOutcome outcome, string id)
    {
        try
        {
            return store.Keep(outcome, id);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Log.ArtifactsLost(_logger, id, error.Message);
            return [];
        }
    }

    private (IReadOnlyList<Artifact>, string?) KeepChangedFiles(ArtifactStore store, WorkingDirectorySnapshot before, IReadOnlyCollection<string> skipped, string id)
    {
        try
        {
            return PermissiveArtifacts.Keep(store, before, skipped, id, _options.Limits);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            Log.ArtifactsLost(_logger, id, error.Message);
            return ([], $"The files the run wrote could not be listed: {error.Message}");
        }
    }

    private ExecutionResult TrySave(ExecutionResult result)
    {
        try
        {
            return History.Save(result);
        }
        catch (HistoryException error)
        {
            HistoryLog.SaveFailed(_logger, error.Message);
            return result;
        }
    }
}
