namespace GenAIExecuter.Sandbox;

/// <summary>The per-run settings sent to the runner with the code.</summary>
internal sealed record RunSettings(TimeSpan Timeout, ResourceLimits Limits)
{
    /// <summary>When the run must end, on the machine's monotonic clock (CLOCK_MONOTONIC, which the runner reads too),
    /// in microseconds; set for the request that goes out, so that time the request spends waiting for a busy runner
    /// is not added to the code's.</summary>
    public long? DeadlineMonotonicMicroseconds { get; init; }

    /// <summary>The folder of the run's staged input files (<see cref="InputStaging"/>); null when it has none.</summary>
    public string? InputsDirectory { get; init; }
}
