namespace GenAIExecuter.Sandbox;

/// <summary>The words of the runner's result (<c>runs.py</c> writes them; this side reads them): field names and the
/// values of <c>status</c>.</summary>
internal static class RunnerFields
{
    public const string Status = "status";
    public const string Message = "message";
    public const string OutBytes = "out_bytes";
    public const string ErrBytes = "err_bytes";

    /// <summary><c>1</c> when the kernel killed the run for going over its cgroup's memory limit.</summary>
    public const string OutOfMemory = "oom";

    public const string StatusOk = "ok";
    public const string StatusError = "error";
    public const string StatusViolation = "violation";
    public const string StatusTimeout = "timeout";

    /// <summary>Set by the .NET side on a timeout whose sandbox never started, so its code never ran.</summary>
    public const string NotStarted = "not_started";
    public const string StatusCancelled = "cancelled";
    public const string StatusInternal = "internal";
}
