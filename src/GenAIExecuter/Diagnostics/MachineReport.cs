namespace GenAIExecuter.Diagnostics;

/// <summary>What this machine offers the sandbox, and what SAFE mode will do here (<see cref="MachineCheck"/>).</summary>
public sealed record MachineReport
{
    /// <summary>Each thing checked: the interpreter, bubblewrap, Landlock, seccomp, cgroup memory control.</summary>
    public required IReadOnlyList<MachineCheck> Checks { get; init; }

    /// <summary>True when SAFE mode's boundary is held by the kernel here (bubblewrap, or both Landlock and seccomp).</summary>
    public required bool SafeIsKernelEnforced { get; init; }

    /// <summary>One sentence on what SAFE mode does on this machine.</summary>
    public required string SafeVerdict { get; init; }
}

/// <summary>One thing the sandbox uses, whether this machine offers it, and what to do when it does not.</summary>
/// <param name="Name">What was checked: <c>python</c>, <c>bubblewrap</c>, <c>landlock</c>, <c>seccomp</c>, <c>cgroup-memory</c>.</param>
/// <param name="Available">Whether this machine offers it.</param>
/// <param name="Detail">What was found (a version, a path, a reason).</param>
/// <param name="Fix">What to do about it when it is missing; null when nothing is needed.</param>
public sealed record MachineCheck(string Name, bool Available, string Detail, string? Fix);
