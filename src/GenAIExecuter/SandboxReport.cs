namespace GenAIExecuter;

/// <summary>What confined a run: which layers were active and which interpreter ran the code.</summary>
public sealed record SandboxReport
{
    /// <summary>The active layers, among <c>static-policy</c>, <c>runtime-guard</c>, <c>bubblewrap</c>,
    /// <c>resource-limits</c>, <c>scrubbed-environment</c>, <c>key-hiding</c>, <c>timeout</c>, <c>output-caps</c>.</summary>
    public required IReadOnlyList<string> Layers { get; init; }

    /// <summary>Whether OS isolation (bubblewrap) confined the run.</summary>
    public required bool Isolated { get; init; }

    /// <summary>Why OS isolation was not used, when it was not; otherwise null.</summary>
    public string? IsolationUnavailableReason { get; init; }

    /// <summary>The resolved Python executable.</summary>
    public required string PythonExecutable { get; init; }

    /// <summary>The Python version, for example <c>3.11.7</c>.</summary>
    public required string PythonVersion { get; init; }
}
