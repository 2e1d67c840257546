namespace GenAIExecuter;

/// <summary>The outcome of one execution. Expected failures (errors, violations, timeouts) are data here, not exceptions.</summary>
public sealed partial record ExecutionResult
{
    /// <summary>The execution's id, <c>YYYYMMDD_HHMMSS_ffffff</c> in local time with microseconds.</summary>
    public required string ExecutionId { get; init; }

    /// <summary>When the execution started, in local time.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The plain-language instruction the code was generated from; null for <see cref="CodeExecuter.ExecuteCodeAsync"/>.</summary>
    public string? Instruction { get; init; }

    /// <summary>The Python code that ran (or was refused).</summary>
    public required string Code { get; init; }

    /// <summary>How the execution ended.</summary>
    public required ExecutionStatus Status { get; init; }

    /// <summary>True when <see cref="Status"/> is <see cref="ExecutionStatus.Succeeded"/>.</summary>
    public bool Success => Status == ExecutionStatus.Succeeded;

    /// <summary>What the program printed to standard output, capped by <see cref="ResourceLimits.MaxOutputBytes"/>.</summary>
    public required string Output { get; init; }

    /// <summary>
    /// What went wrong, for a person or an LLM: the program's standard error (a traceback, warnings), preceded by
    /// the violation or timeout message when there is one. Empty when the program succeeded and wrote nothing to stderr.
    /// </summary>
    public required string Error { get; init; }

    /// <summary>The wall-clock time the execution took, start-up included.</summary>
    public required TimeSpan ExecutionTime { get; init; }

    /// <summary>The security mode the code ran under.</summary>
    public required SecurityMode SecurityMode { get; init; }

    /// <summary>The execution mode the code ran under.</summary>
    public required ExecutionMode ExecutionMode { get; init; }

    /// <summary>The program's exit code; negative for a signal (-9: killed). Null when the code never ran.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The name of the uncaught Python exception type, for example <c>ZeroDivisionError</c>; otherwise null.</summary>
    public string? ErrorType { get; init; }

    /// <summary>The rule SAFE mode enforced, when <see cref="Status"/> is <see cref="ExecutionStatus.PolicyViolation"/>.</summary>
    public PolicyViolation? Violation { get; init; }

    /// <summary>True when output beyond the cap was dropped (a marker in the text says how much).</summary>
    public bool OutputTruncated { get; init; }

    /// <summary>The files the run produced: what it wrote in its working directory (in SAFE mode, its private output
    /// area; the user's own files are never changed) and the matplotlib figures it left open or showed, as PNGs.
    /// Empty when it produced none.</summary>
    public IReadOnlyList<Artifact> Artifacts { get; init; } = [];

    /// <summary>What the run produced but could not be kept, for a person or an LLM: files over the output area's caps,
    /// or an area that could not be collected. Null when nothing was lost.</summary>
    public string? ArtifactsNote { get; init; }

    /// <summary>What confined the run.</summary>
    public required SandboxReport Sandbox { get; init; }

    /// <summary>Every attempt, in order; the last one is this result's code and outcome.</summary>
    public IReadOnlyList<ExecutionAttempt> Attempts { get; init; } = [];

    /// <summary>The LLM provider that generated the code; null for code run directly.</summary>
    public string? Provider { get; init; }

    /// <summary>The model that generated the code; null for code run directly.</summary>
    public string? Model { get; init; }

    /// <summary>The history file the execution was saved to; null when it was not saved.</summary>
    public string? SavedTo { get; init; }
}
