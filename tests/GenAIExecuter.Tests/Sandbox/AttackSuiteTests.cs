using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox;

/// <summary>Every attack of the catalog, run for real: SAFE mode must leave no effect (in each configuration), and
/// PERMISSIVE mode without isolation must show the effect, proving each attack is real.</summary>
public sealed class AttackSuiteTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    public static TheoryData<string> Names => AttackCatalog.Names();

    public static TheoryData<string> ProvableNames => AttackCatalog.ProvableNames();

    public static TheoryData<string> RuntimeVisibleNames => AttackCatalog.RuntimeVisibleNames();

    [BwrapTheory]
    [MemberData(nameof(Names))]
    public Task ExecuteCode_SafeSubprocessWithBubblewrap_LeavesNoEffect(string attack) =>
        AssertStoppedAsync(attack, ExecutionMode.Subprocess, isolation: true);

    [BwrapTheory]
    [MemberData(nameof(Names))]
    public Task ExecuteCode_SafeExecWithBubblewrap_LeavesNoEffect(string attack) =>
        AssertStoppedAsync(attack, ExecutionMode.Exec, isolation: true);

    [LinuxTheory]
    [MemberData(nameof(Names))]
    public Task ExecuteCode_SafeWithoutBubblewrap_LeavesNoEffect(string attack) =>
        AssertStoppedAsync(attack, ExecutionMode.Subprocess, isolation: false);

    [LinuxTheory]
    [MemberData(nameof(RuntimeVisibleNames))]
    public Task ExecuteCode_RuntimeGuardAlone_LeavesNoEffect(string attack) =>
        AssertStoppedAsync(attack, ExecutionMode.Subprocess, isolation: false, staticPolicy: false);

    /// <summary>The kernel layers on their own (Landlock and seccomp; bubblewrap where named): the static policy and
    /// the runtime guard are off, so the forbidden code runs, and only the kernel stands between it and any harm.</summary>
    [KernelLayersTheory]
    [MemberData(nameof(Names))]
    public Task ExecuteCode_KernelLayersAlone_WithoutBubblewrap_LeaveNoEffect(string attack) =>
        AssertStoppedAsync(attack, ExecutionMode.Subprocess, isolation: false, staticPolicy: false, runtimeGuard: false);

    [KernelLayersTheory]
    [MemberData(nameof(Names))]
    public Task ExecuteCode_KernelLayersAlone_ExecWithoutBubblewrap_LeaveNoEffect(string attack) =>
        AssertStoppedAsync(attack, ExecutionMode.Exec, isolation: false, staticPolicy: false, runtimeGuard: false);

    [BwrapTheory]
    [MemberData(nameof(Names))]
    public Task ExecuteCode_KernelLayersAlone_WithBubblewrap_LeaveNoEffect(string attack) =>
        AssertStoppedAsync(attack, ExecutionMode.Exec, isolation: true, staticPolicy: false, runtimeGuard: false);

    [LinuxTheory]
    [MemberData(nameof(ProvableNames))]
    public async Task ExecuteCode_PermissiveWithoutIsolation_ShowsTheEffect(string attack)
    {
        var scenario = AttackCatalog.Get(attack);
        using var scene = new AttackScene(fixture.World, attack);
        var executer = fixture.Get(SecurityMode.Permissive, ExecutionMode.Subprocess, isolation: false);

        var result = await executer.ExecuteCodeAsync(scene.Render(scenario.Code), TimeSpan.FromSeconds(10));

        var effects = scene.ObserveEffects(result);
        Assert.True(effects.Count > 0, $"'{attack}' had no effect in PERMISSIVE mode, so it proves nothing. Status {result.Status}.\n{result.Error}");
    }

    private async Task AssertStoppedAsync(string attack, ExecutionMode mode, bool isolation, bool staticPolicy = true, bool runtimeGuard = true)
    {
        var scenario = AttackCatalog.Get(attack);
        using var scene = new AttackScene(fixture.World, attack);
        var executer = fixture.Get(SecurityMode.Safe, mode, isolation, staticPolicy, runtimeGuard);

        var result = await executer.ExecuteCodeAsync(scene.Render(scenario.Code), TimeSpan.FromSeconds(10));

        // With the in-process layers off, the forbidden code runs by design: only harm counts.
        var effects = runtimeGuard ? scene.ObserveEffects(result) : scene.ObserveHarm(result);
        Assert.True(effects.Count == 0, $"'{attack}' broke SAFE mode: {string.Join("; ", effects)}. Status {result.Status}.\n{result.Error}");
        foreach (var secret in fixture.World.Secrets)
        {
            Assert.DoesNotContain(secret, result.Error, StringComparison.Ordinal);
        }

        if (scenario.ExpectViolation && runtimeGuard)
        {
            Assert.True(result.Status == ExecutionStatus.PolicyViolation, $"'{attack}' ended {result.Status}, not with a policy violation.\n{result.Error}");
            Assert.NotNull(result.Violation);
            Assert.Contains("SAFE mode", result.Violation.Message, StringComparison.Ordinal);
        }
    }
}
