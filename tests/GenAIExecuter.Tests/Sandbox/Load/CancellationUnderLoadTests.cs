using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox.Load;

/// <summary>Cancellation under load: 96 calls, 32 at a time, one core kept busy; every third call is cancelled at a
/// random moment (before its request is sent, while it waits, while it prints). Those end as cancelled and leave no
/// process behind; the others get exactly their output.</summary>
[Collection(TimingSensitive.Name)]
public sealed class CancellationUnderLoadTests : IDisposable
{
    private const int Calls = 96;
    private const int Concurrency = 32;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly TestWorld _world = new();

    public static TheoryData<SecurityMode, ExecutionMode, bool> Configurations => new()
    {
        { SecurityMode.Safe, ExecutionMode.Exec, true }, { SecurityMode.Safe, ExecutionMode.Subprocess, true },
        { SecurityMode.Safe, ExecutionMode.Exec, false }, { SecurityMode.Safe, ExecutionMode.Subprocess, false },
        { SecurityMode.Permissive, ExecutionMode.Exec, false }, { SecurityMode.Permissive, ExecutionMode.Subprocess, false },
    };

    [LinuxTheory(Timeout = TestTimeouts.Long)]
    [MemberData(nameof(Configurations))]
    public async Task AThirdCancelledAtRandom_EndAsCancelled_LeaveNothing_AndTheRestSucceed(SecurityMode security, ExecutionMode execution, bool isolation)
    {
        await using var executer = ExecuterConfigurations.Create(_world.Work, security, execution, isolation && Platform.WhyNoBwrap is null);
        var folders = Enumerable.Range(0, Calls).Where(Cancelled)
            .ToDictionary(i => i, i => Directory.CreateDirectory(Path.Combine(_world.Work, $"c-{i}")).FullName);
        using var burner = new CpuBurner();
        var cancelled = new System.Collections.Concurrent.ConcurrentBag<int>();

        var run = await LoadRun.RunAsync(Calls, Concurrency, async (i, ct) =>
        {
            if (!Cancelled(i))
            {
                return await executer.ExecuteCodeAsync($"import time\nprint('run-{i} 0', flush=True)\ntime.sleep(0.1)\nprint('run-{i} 1')", Timeout, cancellationToken: ct);
            }

            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(new Random(i).Next(0, 1500)));
            try
            {
                await executer.ExecuteCodeAsync(LongProgram(i, security), Timeout, cancellationToken: cancel.Token);
            }
            catch (OperationCanceledException)
            {
                cancelled.Add(i);
                return null;
            }

            throw new InvalidOperationException("a cancelled call returned a result");
        });
        var survivors = new List<int>();
        foreach (var folder in folders.Values)
        {
            survivors.AddRange(await ProcessTable.SurvivorsInAsync(folder, TimeSpan.FromSeconds(3)));
        }

        for (var i = 0; i < Calls; i++)
        {
            if (!Cancelled(i) && run.Results.TryGetValue(i, out var result)
                && (result.Status != ExecutionStatus.Succeeded || result.Output != $"run-{i} 0\nrun-{i} 1\n"))
            {
                run.Fail(i, $"gave {result.Status} '{result.Error}' with output '{result.Output.ReplaceLineEndings("|")}'");
            }

            run.CheckTimeBound(i, Timeout);
        }

        run.AssertNoProblems($"{security} + {execution}, bubblewrap {isolation}");
        Assert.Equal(folders.Keys.Order(), cancelled.Order());
        Assert.Empty(survivors);
        Assert.Equal("after\n", (await executer.ExecuteCodeAsync("print('after')")).Output);
    }

    public void Dispose() => _world.Dispose();

    private static bool Cancelled(int i) => i % 3 == 0;

    /// <summary>Works in its own folder, so that its processes can be found by their working directory; in
    /// PERMISSIVE mode it also starts a child process there, which must die with it.</summary>
    private static string LongProgram(int i, SecurityMode security) =>
        $"import os, time\nos.chdir('c-{i}')\n" +
        (security == SecurityMode.Permissive ? "import subprocess\nsubprocess.Popen(['sleep', '300'])\n" : string.Empty) +
        "print('started', flush=True)\ntime.sleep(60)";
}
