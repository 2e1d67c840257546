using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox.Load;

/// <summary>Many callers at once on a busy machine: 200 calls, 32 at a time, with one core kept busy by another
/// process. Every call gets exactly its own output or says it did not, and returns within its timeout plus one second.</summary>
[Collection(TimingSensitive.Name)]
public sealed class LoadTests : IDisposable
{
    private const int Calls = 200;
    private const int Concurrency = 32;
    private readonly TestWorld _world = new();

    public static TheoryData<SecurityMode, ExecutionMode> Configurations => new()
    {
        { SecurityMode.Safe, ExecutionMode.Exec },
        { SecurityMode.Permissive, ExecutionMode.Exec },
        { SecurityMode.Safe, ExecutionMode.Subprocess },
        { SecurityMode.Permissive, ExecutionMode.Subprocess },
    };

    [LinuxTheory(Timeout = TestTimeouts.Long)]
    [MemberData(nameof(Configurations))]
    public async Task ManyCallsAtOnce_EachGetsExactlyItsOwnOutput_WithinItsTimeBound(SecurityMode security, ExecutionMode execution)
    {
        await using var executer = ExecuterConfigurations.Create(_world.Work, security, execution, Platform.WhyNoBwrap is null);
        using var burner = new CpuBurner();

        var run = await LoadRun.RunAsync(Calls, Concurrency, async (i, ct) =>
        {
            var program = LoadProgram.For(i);
            return await executer.ExecuteCodeAsync(program.Code, program.Timeout, cancellationToken: ct);
        });

        for (var i = 0; i < Calls; i++)
        {
            run.Check(i, LoadProgram.For(i));
        }

        run.AssertNoProblems($"{security} + {execution}");
    }

    public void Dispose() => _world.Dispose();
}
