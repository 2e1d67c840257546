namespace GenAIExecuter.Sandbox;

/// <summary>Runs code in a sandbox built from one <see cref="SandboxPlan"/>.</summary>
internal interface ISandbox : IAsyncDisposable
{
    SandboxPlan Plan { get; }

    /// <summary>Runs the code and returns what the runner reported; the deadline and cancellation kill the whole tree.</summary>
    Task<RunnerOutcome> RunAsync(string code, RunSettings settings, IProgress<OutputChunk>? output, CancellationToken cancellationToken);
}

/// <summary>Constants shared by the sandboxes.</summary>
internal static class SandboxConstants
{
    /// <summary>How long after the timeout the .NET side stops waiting for the runner's own timeout report and kills it.</summary>
    public static readonly TimeSpan HardDeadlineGrace = TimeSpan.FromMilliseconds(700);
}
