using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox.Load;

/// <summary>Faults under load: while 32 calls run at once, one process of the sandbox is SIGKILLed (a worker, the fork
/// server or the per-run runner, or bubblewrap). The runs it hits fail clearly, the others get exactly their output,
/// nothing of the killed part survives, and the next call works.</summary>
[Collection(TimingSensitive.Name)]
public sealed class FaultTests : IDisposable
{
    private const int Calls = 64;
    private const int Concurrency = 32;
    private const int Victim = 20;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly TestWorld _world = new();
    private readonly string _victimFolder;

    public FaultTests() => _victimFolder = Directory.CreateDirectory(Path.Combine(_world.Work, "victim")).FullName;

    public static TheoryData<ExecutionMode, string> WithoutBubblewrap => new()
    {
        { ExecutionMode.Exec, "worker" }, { ExecutionMode.Exec, "fork-server" },
        { ExecutionMode.Subprocess, "worker" }, { ExecutionMode.Subprocess, "runner" },
    };

    public static TheoryData<ExecutionMode, string> WithBubblewrap => new()
    {
        { ExecutionMode.Exec, "worker" }, { ExecutionMode.Exec, "fork-server" }, { ExecutionMode.Exec, "bubblewrap" },
        { ExecutionMode.Subprocess, "worker" }, { ExecutionMode.Subprocess, "runner" }, { ExecutionMode.Subprocess, "bubblewrap" },
    };

    [LinuxTheory(Timeout = TestTimeouts.Long)]
    [MemberData(nameof(WithoutBubblewrap))]
    public Task AKilledPart_FailsOnlyTheRunsItHits_WithoutBubblewrap(ExecutionMode execution, string part) => KillUnderLoadAsync(execution, part, isolation: false);

    [BwrapTheory(Timeout = TestTimeouts.Long)]
    [MemberData(nameof(WithBubblewrap))]
    public Task AKilledPart_FailsOnlyTheRunsItHits_WithBubblewrap(ExecutionMode execution, string part) => KillUnderLoadAsync(execution, part, isolation: true);

    public void Dispose() => _world.Dispose();

    private async Task KillUnderLoadAsync(ExecutionMode execution, string part, bool isolation)
    {
        await using var executer = ExecuterConfigurations.Create(_world.Work, SecurityMode.Safe, execution, isolation);
        Assert.True((await executer.ExecuteCodeAsync("print('warm')")).Success);
        using var burner = new CpuBurner();
        var victimSpeaks = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new SignalingProgress("victim", () => victimSpeaks.TrySetResult());
        var run = new LoadRun();

        var load = run.DriveAsync(Calls, Concurrency, async (i, ct) => i == Victim
            ? await executer.ExecuteCodeAsync("import os, time\nos.chdir('victim')\nprint('victim', flush=True)\ntime.sleep(30)", Timeout, output: progress, cancellationToken: ct)
            : await executer.ExecuteCodeAsync($"import time\nprint('run-{i} 0', flush=True)\ntime.sleep(0.3)\nprint('run-{i} 1')", Timeout, cancellationToken: ct));
        await victimSpeaks.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var (killedAt, doomed) = Kill(part, run);
        await load;
        var survivors = await ProcessTable.SurvivorsAmongAsync(doomed, TimeSpan.FromSeconds(3));
        var after = await executer.ExecuteCodeAsync("print('after')", Timeout);

        CheckVictim(run, part);
        var sharedByAll = execution == ExecutionMode.Exec && part is "fork-server" or "bubblewrap";
        for (var i = 0; i < Calls; i++)
        {
            run.CheckTimeBound(i, Timeout);
            if (i != Victim)
            {
                CheckBystander(run, i, killedAt, mayBeHit: sharedByAll);
            }
        }

        run.AssertNoProblems($"{execution}, {part} killed, bubblewrap {isolation}");
        Assert.Empty(survivors);
        Assert.Equal("after\n", after.Output);
    }

    /// <summary>SIGKILLs the part of the sandbox that serves the victim; returns when, and every process that must
    /// be gone because of it (the part and all it had started).</summary>
    private (TimeSpan At, List<int> Doomed) Kill(string part, LoadRun run)
    {
        var victim = Assert.Single(ProcessTable.WithWorkingDirectory(_victimFolder));
        var target = part switch
        {
            "worker" => victim,
            "fork-server" or "runner" => ProcessTable.ParentOf(victim) ?? throw new InvalidOperationException("the victim has no parent"),
            _ => ProcessTable.AncestorsOf(victim, Environment.ProcessId)[^1], // bubblewrap: the one we started
        };
        var doomed = Descendants(target);
        doomed.Add(target);
        using (var process = System.Diagnostics.Process.GetProcessById(target))
        {
            process.Kill(entireProcessTree: false);
        }

        return (run.Clock.Elapsed, doomed);
    }

    private static List<int> Descendants(int pid)
    {
        var found = new List<int>();
        foreach (var child in ProcessTable.ChildrenOf(pid))
        {
            found.Add(child);
            found.AddRange(Descendants(child));
        }

        return found;
    }

    private static void CheckVictim(LoadRun run, string part)
    {
        if (!run.Results.TryGetValue(Victim, out var victim))
        {
            return; // the failure to return is already a problem of the run
        }

        if (part == "worker")
        {
            // The program itself was killed: its own failure, said as such.
            if (victim.Status != ExecutionStatus.RuntimeError || !victim.Error.Contains("SIGKILL", StringComparison.Ordinal) || victim.Output != "victim\n")
            {
                run.Fail(Victim, $"a killed program gave {victim.Status} '{victim.Error}' with output '{victim.Output}'");
            }
        }
        else if (victim.Status != ExecutionStatus.SandboxError || victim.Error.Length == 0)
        {
            run.Fail(Victim, $"a run whose sandbox was killed gave {victim.Status} '{victim.Error}'");
        }
    }

    /// <summary>A run the fault did not hit gets exactly its output. One it may have hit (in flight on a shared fork
    /// server at the kill, or started before the executer could see it) either does, or fails as a sandbox error
    /// that says why; it never reports success with output missing.</summary>
    private static void CheckBystander(LoadRun run, int i, TimeSpan killedAt, bool mayBeHit)
    {
        if (!run.Results.TryGetValue(i, out var result))
        {
            return;
        }

        var (start, end) = run.Spans[i];
        var clearOfTheKill = end < killedAt || start > killedAt + TimeSpan.FromSeconds(1);
        if (mayBeHit && !clearOfTheKill && result.Status == ExecutionStatus.SandboxError && result.Error.Length > 0)
        {
            return;
        }

        var expected = $"run-{i} 0\nrun-{i} 1\n";
        if (result.Status != ExecutionStatus.Succeeded || result.Output != expected || result.Error.Length != 0)
        {
            run.Fail(i, $"gave {result.Status} '{result.Error}' with output '{result.Output.ReplaceLineEndings("|")}' " +
                $"(started {(start - killedAt).TotalSeconds:0.00} s from the kill)");
        }
    }
}
