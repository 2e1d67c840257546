using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox;

/// <summary>SAFE mode must not get in the way of ordinary data code: every benign snippet runs unchanged, in every configuration.</summary>
public sealed class BenignSuiteTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    public static TheoryData<string> Names => BenignCatalog.Names();

    [BwrapTheory]
    [MemberData(nameof(Names))]
    public Task ExecuteCode_SafeSubprocessWithBubblewrap_RunsUnchanged(string snippet) =>
        AssertRunsAsync(snippet, SecurityMode.Safe, ExecutionMode.Subprocess, isolation: true);

    [BwrapTheory]
    [MemberData(nameof(Names))]
    public Task ExecuteCode_SafeExecWithBubblewrap_RunsUnchanged(string snippet) =>
        AssertRunsAsync(snippet, SecurityMode.Safe, ExecutionMode.Exec, isolation: true);

    [LinuxTheory]
    [MemberData(nameof(Names))]
    public Task ExecuteCode_SafeWithoutBubblewrap_RunsUnchanged(string snippet) =>
        AssertRunsAsync(snippet, SecurityMode.Safe, ExecutionMode.Subprocess, isolation: false);

    [LinuxTheory]
    [MemberData(nameof(Names))]
    public Task ExecuteCode_PermissiveExec_RunsUnchanged(string snippet) =>
        AssertRunsAsync(snippet, SecurityMode.Permissive, ExecutionMode.Exec, isolation: true);

    private async Task AssertRunsAsync(string snippet, SecurityMode security, ExecutionMode mode, bool isolation)
    {
        var (code, expected) = BenignCatalog.All[snippet];
        var executer = fixture.Get(security, mode, isolation);

        var result = await executer.ExecuteCodeAsync(code);

        Assert.True(result.Success, $"'{snippet}' failed with {result.Status}:\n{result.Error}");
        Assert.Equal(expected, result.Output);
    }
}
