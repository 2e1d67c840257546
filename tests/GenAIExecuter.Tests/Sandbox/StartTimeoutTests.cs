using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox;

/// <summary>A call whose timeout runs out before its sandbox has started (here: a fork server that preloads the data
/// stack, given 0.1 s) is a timeout that says the code never ran, within its time bound; the next call works.</summary>
public sealed class StartTimeoutTests : IDisposable
{
    private readonly TestWorld _world = new();

    public void Dispose() => _world.Dispose();

    [DataStackFact]
    public async Task ASandboxThatCannotStartInTime_IsATimeout_AndTheCodeNeverRan()
    {
        await using var executer = ExecuterConfigurations.Create(_world.Work, SecurityMode.Safe, ExecutionMode.Exec, Platform.WhyNoBwrap is null, o =>
        {
            o.Python = SystemPython.Path;
            o.PreloadModules.Add("pandas");
            o.PreloadModules.Add("matplotlib.pyplot");
            o.PreloadModules.Add("scipy.stats");
            o.PreloadModules.Add("sklearn.ensemble");
            o.PreloadModules.Add("sympy"); // some seconds of imports: no machine starts this server in 0.8 s
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await executer.ExecuteCodeAsync("print('ran')", TimeSpan.FromMilliseconds(100));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"returned after {clock.Elapsed}");
        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.StartsWith("Timed out after 0.1 s: the sandbox did not start within it (the machine is busy), so the code never ran.", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        var next = await executer.ExecuteCodeAsync("print('ran')", TimeSpan.FromSeconds(30));
        Assert.Equal("ran\n", next.Output);
    }
}
