using System.Diagnostics;

namespace GenAIExecuter.Sandbox;

/// <summary>The time bound of one call, shared by both sandboxes: the whole call (starting a runner included) ends
/// within the timeout and <see cref="SandboxConstants.HardDeadlineGrace"/>, whatever the load, and the code gets what
/// is left of the timeout once its request goes out. On Linux the runner is also told the deadline itself on the
/// monotonic clock both share (Stopwatch reads CLOCK_MONOTONIC there), so that a request that waits in a busy runner
/// still ends on time.</summary>
internal sealed class RunDeadline : IDisposable
{
    /// <summary>What a call reports when the sandbox could not be started within its timeout.</summary>
    public const string NotStartedMessage = "the sandbox did not start within it (the machine is busy), so the code never ran. Try again, or give it a longer timeout.";

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _source;

    public RunDeadline(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _timeout = timeout;
        _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _source.CancelAfter(timeout + SandboxConstants.HardDeadlineGrace);
    }

    /// <summary>Cancelled at the hard deadline, or when the caller cancels.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>True once the deadline has passed or the caller has cancelled.</summary>
    public bool IsOver => _source.IsCancellationRequested;

    /// <summary>The settings for the request about to go out: the timeout is what is left of the call's.</summary>
    public RunSettings Remaining(RunSettings settings) => settings with
    {
        Timeout = _timeout - Stopwatch.GetElapsedTime(_started),
        DeadlineMonotonicMicroseconds = OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000
            ? (_started + (long)(_timeout.TotalSeconds * Stopwatch.Frequency)) / 1000
            : null,
    };

    /// <summary>What a call reports when the runner did not report the end of the run by the hard deadline.</summary>
    public static string NotReportedMessage(string whatHappened) =>
        $"The sandbox did not report the end of the run within its timeout and grace: {whatHappened}, and its output may be incomplete.";

    public void Dispose() => _source.Dispose();
}
