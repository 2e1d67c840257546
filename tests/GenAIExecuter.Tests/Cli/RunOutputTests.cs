using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Cli;

/// <summary>What <c>genai-exec run</c> tells a person: why each attempt failed, a refusal with its rule and how to
/// allow it, and output that was cut.</summary>
public sealed class RunOutputTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [LinuxFact]
    public async Task ARefusal_ShowsItsRuleAndSentence_AndHowToAllowIt()
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nimport subprocess\nsubprocess.run(['ls'])\n```");

        var (exit, output, error) = await CliProcess.RunAsync(fixture.World.Work, null, null,
            "run", "list the files with ls", "--provider", "openai-compatible", "--base-url", server.Url + "/v1", "--no-save", "--no-retry");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("attempt 1: PolicyViolation — ", error, StringComparison.Ordinal);
        Assert.Contains("SAFE mode refused the task (rule '", error, StringComparison.Ordinal);
        Assert.Contains("subprocess", error, StringComparison.Ordinal);
        Assert.Contains("--security permissive", error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task AFailedAttempt_SaysWhyInOneLine_BeforeTheFix()
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nprint(undefined_name)\n```", "```python\nprint('fixed')\n```");

        var (exit, output, error) = await CliProcess.RunAsync(fixture.World.Work, null, null,
            "run", "print something", "--provider", "openai-compatible", "--base-url", server.Url + "/v1", "--no-save");

        Assert.Equal(0, exit);
        Assert.Equal("fixed\n", output);
        Assert.Contains("attempt 1: RuntimeError — NameError: name 'undefined_name' is not defined", error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task TruncatedOutput_IsSaid_InThePlainOutputToo()
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nprint('x' * 3_000_000)\n```");

        var (exit, _, error) = await CliProcess.RunAsync(fixture.World.Work, null, null,
            "run", "print a lot", "--provider", "openai-compatible", "--base-url", server.Url + "/v1", "--no-save");

        Assert.Equal(0, exit);
        Assert.Contains("[the output was truncated at its cap]", error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task History_ListsWhen_AndShowsTheModelAndEveryAttempt()
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nprint(undefined_name)\n```", "```python\nprint('fixed')\n```");
        var dir = Path.Combine(fixture.World.Root, $"history-{Guid.NewGuid():N}");
        var (exit, _, _) = await CliProcess.RunAsync(fixture.World.Work, null, null,
            "run", "print something", "--provider", "openai-compatible", "--base-url", server.Url + "/v1", "--model", "model-x", "--executions-dir", dir);
        Assert.Equal(0, exit);

        var (listed, list, _) = await CliProcess.RunAsync(fixture.World.Work, null, null, "history", "list", "--executions-dir", dir);
        var id = list.Split('\n')[1].Split(' ')[0];
        var (shown, show, _) = await CliProcess.RunAsync(fixture.World.Work, null, null, "history", "show", id, "--executions-dir", dir);

        Assert.Equal(0, listed);
        Assert.StartsWith("ID                      WHEN              STATUS            DURATION  INSTRUCTION\n", list, StringComparison.Ordinal);
        Assert.Contains(DateTime.Now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), list.Split('\n')[1], StringComparison.Ordinal);
        Assert.Equal(0, shown);
        Assert.Contains("Model       model-x (openai-compatible)", show, StringComparison.Ordinal);
        Assert.Contains("--- Attempt 1: code ---\nprint(undefined_name)\n", show, StringComparison.Ordinal);
        Assert.Contains("NameError: name 'undefined_name' is not defined", show, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task DryRun_PrintsTheCode_AndRunsNothing()
    {
        var marker = Path.Combine(fixture.World.Outside, $"ran-{Guid.NewGuid():N}.txt");
        await using var server = await FakeProviderServer.StartAsync($"```python\nopen('{marker}', 'w').write('x')\nprint('ran')\n```");

        var (exit, output, _) = await CliProcess.RunAsync(fixture.World.Work, null, null,
            "run", "make a file", "--provider", "openai-compatible", "--base-url", server.Url + "/v1", "--no-save", "--dry-run", "--security", "permissive");

        Assert.Equal(0, exit);
        Assert.Equal($"open('{marker}', 'w').write('x')\nprint('ran')\n", output);
        Assert.False(File.Exists(marker));
    }

    [LinuxFact]
    public async Task Quiet_PrintsOnlyTheProgramsOutput()
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nprint('only this')\n```");

        var (exit, output, error) = await CliProcess.RunAsync(fixture.World.Work, null, null,
            "run", "say it", "--provider", "openai-compatible", "--base-url", server.Url + "/v1", "--no-save", "-q");

        Assert.Equal(0, exit);
        Assert.Equal("only this\n", output);
        Assert.Empty(error);
    }

    [LinuxFact]
    public async Task Quiet_StillSaysWhyItFailed()
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nimport subprocess\n```");

        var (exit, output, error) = await CliProcess.RunAsync(fixture.World.Work, null, null,
            "run", "run ls", "--provider", "openai-compatible", "--base-url", server.Url + "/v1", "--no-save", "--no-retry", "--quiet");

        Assert.Equal(1, exit);
        Assert.Empty(output);
        Assert.Contains("subprocess", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }
}
