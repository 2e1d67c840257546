namespace GenAIExecuter.Sandbox;

/// <summary>Everything needed to start a runner for one security mode: the command line (bubblewrap included),
/// the environment, the read rules the guard enforces, and the report of active layers.</summary>
internal sealed record SandboxPlan
{
    public required SecurityMode SecurityMode { get; init; }

    public required PythonInterpreter Python { get; init; }

    /// <summary>The command, without the runner's verb (<c>once</c> or <c>serve</c>).</summary>
    public required IReadOnlyList<string> Command { get; init; }

    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    public required string WorkingDirectory { get; init; }

    /// <summary>The scratch directory inside the sandbox (a private tmpfs); null when each run gets a host temporary folder.</summary>
    public string? IsolatedScratch { get; init; }

    /// <summary>Roots whose contents SAFE code may not read (the home directory, key folders).</summary>
    public required IReadOnlyList<string> DenyRead { get; init; }

    /// <summary>Roots that stay readable even inside a denied root (the interpreter, its packages, the working directory).</summary>
    public required IReadOnlyList<string> AllowRead { get; init; }

    /// <summary>Whether each runner process has a PID namespace of its own (bubblewrap): then everything in it but
    /// init belongs to the run, and the runner may kill it all when the run ends.</summary>
    public required bool OwnPidNamespace { get; init; }

    /// <summary>False only in tests that measure the runtime layers on their own.</summary>
    public bool StaticPolicy { get; init; } = true;

    /// <summary>False only in tests that prove the kernel layers on their own.</summary>
    public bool RuntimeGuard { get; init; } = true;

    /// <summary>The kernel layers every SAFE run must apply before the code (<c>landlock</c>, <c>seccomp</c>); a run
    /// that cannot apply one of them fails instead of running with less.</summary>
    public IReadOnlyList<string> KernelLayers { get; init; } = [];

    /// <summary>True when the kernel holds SAFE mode's boundary whoever makes the call: seccomp, with Landlock or
    /// bubblewrap. The in-process layers then judge only the user's own calls, and a library's internal step gets
    /// what the kernel gives it (an error), not a dead run.</summary>
    public bool KernelHoldsBoundary => SecurityMode == SecurityMode.Safe && KernelLayers.Contains(Sandbox.KernelLayers.Seccomp)
        && (KernelLayers.Contains(Sandbox.KernelLayers.Landlock) || Report.Isolated);

    /// <summary>The cgroup that limits the memory of SAFE runs; null where there is none (SAFE then limits the
    /// address space). The sandbox built from this plan removes it when it is disposed.</summary>
    public MemoryCgroup? Memory { get; init; }

    /// <summary>Where the files of runs are kept, and where their input files are staged (the runner writes SAFE runs'
    /// files into its staging folder; PERMISSIVE runs' files are copied from the working directory). The sandbox built
    /// from this plan removes the staging folder when it is disposed.</summary>
    public ArtifactStore? Artifacts { get; init; }

    /// <summary>Whether SAFE runs are expected to get their private output area, and so see their input files by name in
    /// the working directory (the prompt tells the model so); otherwise the code finds them through GENAI_INPUTS.</summary>
    public bool InputsInWorkingDirectory { get; init; }

    public required SandboxReport Report { get; init; }

    /// <summary>Removes what this plan made on the host for its runs: the memory cgroup and the staging folder.</summary>
    public void ReleaseHostResources()
    {
        Memory?.Dispose();
        Artifacts?.Dispose();
    }
}
