using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox.Data;

/// <summary>The attacks of <see cref="DataAttackCatalog"/>, checked by their real effect with Debian's /usr/bin/python3
/// and its data stack. With every layer on, nothing at all may appear; with the static policy and the guard off (the
/// kernel layers alone), no harm; in PERMISSIVE mode, the harm each does for real. CI runs a slice of the
/// configurations; GENAI_FULL_MATRIX=1 runs all.</summary>
public sealed class DataAttackSuiteTests(DataWorld world) : IClassFixture<DataWorld>
{
    public static TheoryData<Attack, ExecutionMode, bool> EveryLayer() => Cases([(ExecutionMode.Exec, true), (ExecutionMode.Subprocess, false)]);

    public static TheoryData<Attack, ExecutionMode, bool> KernelAlone() => Cases([(ExecutionMode.Exec, false), (ExecutionMode.Subprocess, true)]);

    public static TheoryData<Attack> Attacks()
    {
        var data = new TheoryData<Attack>();
        foreach (var attack in DataAttackCatalog.All.Where(a => a.Provable))
        {
            data.Add(attack);
        }

        return data;
    }

    [DataStackTheory]
    [MemberData(nameof(EveryLayer))]
    public async Task WithEveryLayer_NothingAppears(Attack attack, ExecutionMode mode, bool isolation)
    {
        using var scene = new AttackScene(world.Test, attack.Name);
        var executer = world.Get(SecurityMode.Safe, mode, isolation && Platform.WhyNoBwrap is null);

        var result = await executer.ExecuteCodeAsync(scene.Render(attack.Code), TimeSpan.FromSeconds(20));

        var effects = scene.ObserveEffects(result);
        Assert.True(effects is [], $"{attack.Name}: {string.Join("; ", effects)} ({result.Status}: {result.Error})");
        Assert.NotEqual(ExecutionStatus.SandboxError, result.Status);
    }

    [DataStackTheory(NeedsKernelLayers = true)]
    [MemberData(nameof(KernelAlone))]
    public async Task WithTheKernelLayersAlone_NoHarm(Attack attack, ExecutionMode mode, bool isolation)
    {
        using var scene = new AttackScene(world.Test, attack.Name);
        var executer = world.Get(SecurityMode.Safe, mode, isolation && Platform.WhyNoBwrap is null, inProcessLayers: false);

        var result = await executer.ExecuteCodeAsync(scene.Render(attack.Code), TimeSpan.FromSeconds(20));

        var harm = scene.ObserveHarm(result);
        Assert.True(harm is [], $"{attack.Name}: {string.Join("; ", harm)} ({result.Status}: {result.Error})");
    }

    [DataStackTheory]
    [MemberData(nameof(Attacks))]
    public async Task InPermissiveMode_TheAttackDoesRealHarm(Attack attack)
    {
        using var scene = new AttackScene(world.Test, attack.Name);
        var executer = world.Get(SecurityMode.Permissive, ExecutionMode.Subprocess, isolation: false);

        var result = await executer.ExecuteCodeAsync(scene.Render(attack.Code), TimeSpan.FromSeconds(5));

        Assert.True(scene.ObserveHarm(result) is not [], $"{attack.Name} did no harm in PERMISSIVE mode ({result.Status}: {result.Error})");
    }

    private static TheoryData<Attack, ExecutionMode, bool> Cases((ExecutionMode, bool)[] slice)
    {
        var configurations = FullMatrix.Enabled
            ? [(ExecutionMode.Exec, true), (ExecutionMode.Subprocess, false), (ExecutionMode.Exec, false), (ExecutionMode.Subprocess, true)]
            : slice;
        var data = new TheoryData<Attack, ExecutionMode, bool>();
        foreach (var attack in DataAttackCatalog.All)
        {
            foreach (var (mode, isolation) in configurations)
            {
                data.Add(attack, mode, isolation);
            }
        }

        return data;
    }
}
