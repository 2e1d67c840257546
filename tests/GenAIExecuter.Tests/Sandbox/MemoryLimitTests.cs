using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox;

/// <summary>SAFE mode's memory limit: a cgroup per run limits the memory a run really uses, not the address space it
/// reserves; where no cgroup can be made, the address-space limit stands in, and the result says so.</summary>
[Collection(TimingSensitive.Name)]
public sealed class MemoryLimitTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private const long Limit = 192L << 20;

    /// <summary>Touches three times the limit, page by page (a bytes repeat writes every byte).</summary>
    private const string OverTheLimit = "print('started', flush=True)\nx = b'x' * (576 << 20)\nprint('survived', len(x))";

    /// <summary>64 threads reserve 64 stacks of 8 MiB each (512 MiB of address space) but use almost none of it, as
    /// numeric libraries do with a thread per core.</summary>
    private const string ManyThreads =
        "import threading\ngo = threading.Event()\nts = [threading.Thread(target=go.wait) for _ in range(64)]\n" +
        "for t in ts:\n    t.start()\ngo.set()\nfor t in ts:\n    t.join()\nprint('threads', len(ts))";

    public static TheoryData<ExecutionMode, bool> Configurations => new()
    {
        { ExecutionMode.Subprocess, true }, { ExecutionMode.Exec, true }, { ExecutionMode.Subprocess, false }, { ExecutionMode.Exec, false },
    };

    [MemoryCgroupTheory]
    [MemberData(nameof(Configurations))]
    public async Task ARunOverTheLimit_IsKilled_AndReportedAsAMemoryError(ExecutionMode mode, bool isolation)
    {
        await using var executer = Limited(mode, isolation);

        var result = await executer.ExecuteCodeAsync(OverTheLimit);

        Assert.Contains("memory-cgroup", result.Sandbox!.Layers);
        Assert.Equal(ExecutionStatus.RuntimeError, result.Status);
        Assert.Equal("MemoryError", result.ErrorType);
        Assert.Equal(-9, result.ExitCode);
        Assert.Equal("started\n", result.Output);
        Assert.StartsWith("Memory limit exceeded: the program used more than its 192 MiB", result.Error, StringComparison.Ordinal);
        Assert.True((await executer.ExecuteCodeAsync("print(sum(range(10)))")).Success); // the next run is not affected
    }

    [MemoryCgroupTheory]
    [MemberData(nameof(Configurations))]
    public async Task ReservedAddressSpace_DoesNotCount_OnlyUsedMemoryDoes(ExecutionMode mode, bool isolation)
    {
        await using var executer = Limited(mode, isolation);

        var threads = await executer.ExecuteCodeAsync(ManyThreads);
        var used = await executer.ExecuteCodeAsync("x = b'x' * (96 << 20)\nprint(len(x) >> 20)");

        Assert.True(threads.Success, threads.Error);
        Assert.Equal("threads 64\n", threads.Output);
        Assert.True(used.Success, used.Error);
        Assert.Equal("96\n", used.Output);
    }

    [KernelLayersTheory]
    [InlineData(ExecutionMode.Subprocess)]
    [InlineData(ExecutionMode.Exec)]
    public async Task WithoutACgroup_TheAddressSpaceIsLimited_AndTheResultSaysSo(ExecutionMode mode)
    {
        await using var executer = Limited(mode, isolation: Platform.WhyNoBwrap is null, allowCgroup: false);

        var over = await executer.ExecuteCodeAsync(OverTheLimit);
        var threads = await executer.ExecuteCodeAsync(ManyThreads);

        Assert.Contains("address-space-limit", over.Sandbox!.Layers);
        Assert.DoesNotContain("memory-cgroup", over.Sandbox.Layers);
        Assert.Equal("cgroup memory control was turned off for this executer", over.Sandbox.MemoryControlUnavailableReason);
        Assert.Equal(ExecutionStatus.RuntimeError, over.Status);
        Assert.Equal("MemoryError", over.ErrorType); // Python's own: the allocation failed
        Assert.Equal(1, over.ExitCode);
        Assert.Equal(ExecutionStatus.RuntimeError, threads.Status); // the coarser measure: reserved stacks count
        Assert.Contains("can't start new thread", threads.Error, StringComparison.Ordinal);
    }

    /// <summary>The run tries to raise its own limit and to leave its cgroup for its parent (which has none), with the
    /// static policy and the runtime guard off, so that only the kernel stands in the way. The limit must still hold.</summary>
    [MemoryCgroupTheory]
    [MemberData(nameof(Configurations))]
    public async Task KernelOnly_ARunCannotRaiseOrLeaveItsCgroup(ExecutionMode mode, bool isolation)
    {
        if (isolation && Platform.WhyNoBwrap is not null)
        {
            return;
        }

        await using var executer = Limited(mode, isolation, staticPolicy: false, runtimeGuard: false);
        var home = GenAIExecuter.Sandbox.MemoryCgroup.Probe().Folder!;
        var ownGroups = Directory.GetDirectories(home, $"genai-executer-{Environment.ProcessId}-*");
        var targets = ownGroups.SelectMany(g => new[] { $"{g}/cgroup.procs", $"{g}/memory.limit_in_bytes", $"{g}/memory.max" })
            .Append($"{home}/cgroup.procs").Append($"{home}/memory.limit_in_bytes").ToList();
        var code = $$"""
            import os, glob
            targets = {{string.Join(", ", targets.Select(t => $"'{t}'"))}}
            mine = [line.split(':', 2)[2] for line in open('/proc/self/cgroup').read().splitlines() if ':memory:' in line]
            for path in list(targets) + glob.glob('/sys/fs/cgroup/memory/**/w*/memory.limit_in_bytes', recursive=True):
                for value in ('0', str(os.getpid()), str(1 << 40)):
                    try:
                        with open(path, 'w') as f:
                            f.write(value)
                        print('WROTE', path, value, flush=True)
                    except OSError:
                        pass
            x = b'x' * (576 << 20)
            print('survived', len(x))
            """;

        var result = await executer.ExecuteCodeAsync(code);

        Assert.DoesNotContain("WROTE", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("survived", result.Output, StringComparison.Ordinal);
        Assert.Equal("MemoryError", result.ErrorType);
    }

    [MemoryCgroupFact]
    public async Task EachRunsCgroup_IsRemovedAfterTheRun_AndTheSandboxesCgroupOnDispose()
    {
        var executer = Limited(ExecutionMode.Exec, isolation: false);
        var result = await executer.ExecuteCodeAsync("print([l.split(':', 2)[2] for l in open('/proc/self/cgroup').read().splitlines() if ':memory:' in l][0])");
        Assert.True(result.Success, result.Error);
        var home = GenAIExecuter.Sandbox.MemoryCgroup.Probe().Folder!;
        var mount = home[..^File.ReadAllText("/proc/self/cgroup").Split('\n').First(l => l.Contains(":memory:", StringComparison.Ordinal)).Split(':', 3)[2].TrimEnd('/').Length];
        var runGroup = mount + result.Output.Trim();
        var sandboxGroup = Path.GetDirectoryName(runGroup)!;
        Assert.StartsWith($"genai-executer-{Environment.ProcessId}-", Path.GetFileName(sandboxGroup), StringComparison.Ordinal);

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (Directory.Exists(runGroup) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.False(Directory.Exists(runGroup), $"{runGroup} outlived its run");
        Assert.True(Directory.Exists(sandboxGroup));
        await executer.DisposeAsync();
        Assert.False(Directory.Exists(sandboxGroup), $"{sandboxGroup} outlived its sandbox");
    }

    private CodeExecuter Limited(ExecutionMode mode, bool isolation, bool allowCgroup = true, bool staticPolicy = true, bool runtimeGuard = true)
        => ExecuterConfigurations.Create(fixture.World.Work, SecurityMode.Safe, mode, isolation, o => o.Limits.MemoryBytes = Limit, staticPolicy, runtimeGuard, allowCgroup);
}
