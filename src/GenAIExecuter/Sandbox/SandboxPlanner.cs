namespace GenAIExecuter.Sandbox;

/// <summary>Builds the <see cref="SandboxPlan"/> for a security mode from the options and what this machine offers.</summary>
internal static class SandboxPlanner
{
    public static async Task<SandboxPlan> CreateAsync(CodeExecuterOptions options, SecurityMode mode, bool allowIsolation, bool allowKernelLayers, CancellationToken cancellationToken, bool allowMemoryCgroup = true)
    {
        var python = await PythonLocator.ResolveAsync(options.Python, cancellationToken).ConfigureAwait(false);
        var runner = await RunnerScript.PrepareAsync(python, cancellationToken).ConfigureAwait(false);
        var bubblewrap = allowIsolation
            ? await Bubblewrap.DetectAsync(cancellationToken).ConfigureAwait(false)
            : new Bubblewrap(null, "isolation was turned off for this executer");
        if (mode == SecurityMode.Safe && options.RequireIsolation && !bubblewrap.Available)
        {
            throw new IsolationUnavailableException(
                $"SAFE mode requires OS isolation (RequireIsolation is set), but it is not available: {bubblewrap.UnavailableReason}. " +
                "Install bubblewrap, allow unprivileged user namespaces, or turn RequireIsolation off.");
        }

        var workingDirectory = Path.GetFullPath(options.WorkingDirectory ?? Directory.GetCurrentDirectory());
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var pythonCommand = new[] { python.Executable, "-I", "-S", "-B", runner };
        var isolated = bubblewrap.Available;
        var kernel = mode == SecurityMode.Safe && allowKernelLayers ? KernelLayers.Available() : [];
        var kernelHolds = kernel.Contains(KernelLayers.Landlock) && kernel.Contains(KernelLayers.Seccomp);
        if (mode == SecurityMode.Safe && !isolated && !kernelHolds && !options.AllowWeakIsolation)
        {
            throw new IsolationUnavailableException(
                $"SAFE mode needs the kernel to hold its boundary, and this machine offers neither bubblewrap ({bubblewrap.UnavailableReason}) " +
                $"nor both Landlock and seccomp (it offers: {(kernel.Count == 0 ? "neither" : string.Join(", ", kernel))}). " +
                "Install bubblewrap (apt-get install bubblewrap) and allow unprivileged user namespaces, or run on Linux 5.13+ with libseccomp2; " +
                "or accept the weaker in-process guard with AllowWeakIsolation (--allow-weak-isolation, execution.allow_weak_isolation).");
        }

        var artifacts = ArtifactStore.Create(options.ArtifactsDirectory);
        // SAFE code reads neither the staging folder (other runs' inputs in flight) nor earlier runs' artifacts, unless
        // they were put inside the working directory, which it reads anyway.
        string[] executerFolders = [artifacts.Staging, .. SandboxPaths.IsInside(artifacts.Directory, workingDirectory) ? Array.Empty<string>() : [artifacts.Directory]];
        var paths = new SandboxPaths(python, runner, workingDirectory, home, options.ReadOnlyPaths, executerFolders);
        var (memory, memoryUnavailable) = MemoryControl(mode, allowMemoryCgroup);
        // Folders the runner writes (never its workers, whom Landlock and the guard keep out).
        string[] runnerWrites = [.. new[] { memory?.Path, artifacts.Staging }.OfType<string>()];
        IReadOnlyList<string> command = isolated
            ? [bubblewrap.Executable!, .. BubblewrapArguments.For(mode, paths, options.Limits, runnerWrites), .. pythonCommand]
            : pythonCommand;
        var environment = SandboxEnvironment.For(mode, isolated ? home : null, options.SecretEnvironmentVariables);
        if (memory is not null)
        {
            environment = new Dictionary<string, string>(environment, StringComparer.Ordinal) { [MemoryCgroup.RunnerVariable] = memory.RunnerValue };
        }

        return new SandboxPlan
        {
            SecurityMode = mode,
            Python = python,
            Command = command,
            Environment = environment,
            WorkingDirectory = workingDirectory,
            IsolatedScratch = isolated && mode == SecurityMode.Safe ? BubblewrapArguments.ScratchPath : null,
            DenyRead = paths.Hidden,
            AllowRead = paths.Exposed,
            OwnPidNamespace = isolated,
            KernelLayers = kernel,
            Memory = memory,
            Artifacts = artifacts,
            InputsInWorkingDirectory = mode == SecurityMode.Safe && OutputAreaExpected(paths, workingDirectory, artifacts.Staging, isolated ? [.. paths.Hidden, .. paths.SecretFiles, .. runnerWrites] : []),
            Report = new SandboxReport
            {
                Layers = [.. Layers(mode, isolated), .. kernel, .. mode == SecurityMode.Safe ? [memory is null ? "address-space-limit" : "memory-cgroup"] : Array.Empty<string>()],
                MemoryControlUnavailableReason = memoryUnavailable,
                Isolated = isolated && mode == SecurityMode.Safe,
                IsolationUnavailableReason = isolated ? null : bubblewrap.UnavailableReason,
                PythonExecutable = python.Executable,
                PythonVersion = python.Version,
            },
        };
    }

    /// <summary>What the runner checks before it mounts a run's output area (see <c>mount_output_area</c>), foreseen:
    /// user namespaces, a readable working directory with nothing mounted beneath it, paths overlayfs can carry.</summary>
    private static bool OutputAreaExpected(SandboxPaths paths, string workingDirectory, string staging, IReadOnlyList<string> mountedByBubblewrap) =>
        UserNamespaces.Available()
        && paths.Exposed.Any(root => SandboxPaths.IsInside(workingDirectory, root))
        && !mountedByBubblewrap.Any(path => path.TrimEnd('/') != workingDirectory.TrimEnd('/') && SandboxPaths.IsInside(path, workingDirectory))
        && workingDirectory.IndexOfAny([',', ':', '\\']) < 0 && staging.IndexOfAny([',', ':', '\\']) < 0;

    private static (MemoryCgroup? Group, string? UnavailableReason) MemoryControl(SecurityMode mode, bool allowMemoryCgroup)
    {
        if (mode != SecurityMode.Safe)
        {
            return (null, null); // PERMISSIVE sets no resource limits
        }

        if (!allowMemoryCgroup)
        {
            return (null, "cgroup memory control was turned off for this executer");
        }

        var group = MemoryCgroup.TryCreate(out var reason);
        return (group, reason);
    }

    private static string[] Layers(SecurityMode mode, bool isolated) => mode == SecurityMode.Safe
        ? isolated
            ? ["static-policy", "runtime-guard", "bubblewrap", "resource-limits", "scrubbed-environment", "key-hiding", "timeout", "output-caps"]
            : ["static-policy", "runtime-guard", "resource-limits", "scrubbed-environment", "key-hiding", "timeout", "output-caps"]
        : isolated
            ? ["pid-namespace", "key-hiding", "timeout", "output-caps"]
            : ["key-hiding", "timeout", "output-caps"];
}
