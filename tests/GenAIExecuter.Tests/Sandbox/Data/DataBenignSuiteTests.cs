using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox.Data;

/// <summary>The data stack runs unchanged in SAFE mode: every snippet of <see cref="DataBenignCatalog"/> gives exactly
/// the output plain Python gives it. CI runs every snippet in two configurations that between them cover both execution
/// modes, with and without bubblewrap (SAFE + Exec with bubblewrap; SAFE + Subprocess without it); with
/// GENAI_FULL_MATRIX=1 (scripts/full-matrix.sh) every snippet runs in all four.</summary>
public sealed class DataBenignSuiteTests(DataWorld world) : IClassFixture<DataWorld>
{
    public static TheoryData<DataSnippet, ExecutionMode, bool> Cases()
    {
        var data = new TheoryData<DataSnippet, ExecutionMode, bool>();
        var configurations = FullMatrix.Enabled
            ? new[] { (ExecutionMode.Exec, true), (ExecutionMode.Subprocess, false), (ExecutionMode.Exec, false), (ExecutionMode.Subprocess, true) }
            : [(ExecutionMode.Exec, true), (ExecutionMode.Subprocess, false)];
        foreach (var snippet in DataBenignCatalog.All)
        {
            foreach (var (mode, isolation) in configurations)
            {
                data.Add(snippet, mode, isolation);
            }
        }

        return data;
    }

    [DataStackTheory]
    [MemberData(nameof(Cases))]
    public async Task RunsInSafeMode_WithExactlyPlainPythonsOutput(DataSnippet snippet, ExecutionMode mode, bool isolation)
    {
        var executer = world.Get(SecurityMode.Safe, mode, isolation && Platform.WhyNoBwrap is null);

        var result = await executer.ExecuteCodeAsync(snippet.Code);

        Assert.True(result.Status == ExecutionStatus.Succeeded, $"{result.Status}: {result.Error}");
        Assert.Equal(snippet.Output, result.Output);
        Assert.Equal(string.Empty, result.Error);
    }

    [DataStackFact]
    public void TheSuite_HasAtLeastFortySnippets_EachNamedOnce()
    {
        Assert.True(DataBenignCatalog.All.Count >= 40);
        Assert.Equal(DataBenignCatalog.All.Count, DataBenignCatalog.All.Select(s => s.Name).Distinct().Count());
    }
}
