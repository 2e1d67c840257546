namespace GenAIExecuter;

/// <summary>How an execution ended.</summary>
public enum ExecutionStatus
{
    /// <summary>The code ran and exited with code 0.</summary>
    Succeeded,

    /// <summary>The code raised an exception, had a syntax error or exited with a non-zero code.</summary>
    RuntimeError,

    /// <summary>SAFE mode refused the code, before it ran (static policy) or while it ran (runtime guard).</summary>
    PolicyViolation,

    /// <summary>The code ran longer than its timeout; its whole process tree was killed.</summary>
    TimedOut,

    /// <summary>The model's reply held no Python code.</summary>
    NoCode,

    /// <summary>The sandbox itself failed (the runner crashed or could not start).</summary>
    SandboxError,
}
