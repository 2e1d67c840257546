namespace GenAIExecuter;

/// <summary>What confined a run: which layers were active and which interpreter ran the code.</summary>
public sealed record SandboxReport
{
    /// <summary>The active layers, among <c>static-policy</c>, <c>runtime-guard</c>, <c>bubblewrap</c>,
    /// <c>resource-limits</c>, <c>scrubbed-environment</c>, <c>key-hiding</c>, <c>timeout</c>, <c>output-caps</c>,
    /// the kernel layers <c>landlock</c> and <c>seccomp</c>, and how memory is limited in SAFE mode:
    /// <c>memory-cgroup</c> (resident memory) or <c>address-space-limit</c>.</summary>
    public required IReadOnlyList<string> Layers { get; init; }

    /// <summary>Whether OS isolation (bubblewrap) confined the run.</summary>
    public required bool Isolated { get; init; }

    /// <summary>Why OS isolation was not used, when it was not; otherwise null.</summary>
    public string? IsolationUnavailableReason { get; init; }

    /// <summary>Why SAFE mode limits memory by address space here, not by a cgroup (the resident memory a run really
    /// uses), when it does; otherwise null. <c>genai-exec doctor</c> says what to do about it.</summary>
    public string? MemoryControlUnavailableReason { get; init; }

    /// <summary>The resolved Python executable.</summary>
    public required string PythonExecutable { get; init; }

    /// <summary>The Python version, for example <c>3.11.7</c>.</summary>
    public required string PythonVersion { get; init; }
}
