using GenAIExecuter.Tests.Support;
using Microsoft.Extensions.AI;

namespace GenAIExecuter.Tests.Generation;

/// <summary>RunAsync over a scripted model and the real sandbox: failures go back to the model, every attempt is kept.</summary>
public sealed class RunAsyncTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [LinuxFact]
    public async Task RuntimeErrorThenFix_SendsTheTracebackBack_AndSucceeds()
    {
        var model = new ScriptedChatClient("```python\nvalues = [1, 2]\nprint(values[5])\n```", "```python\nprint(42)\n```");
        await using var executer = Create(model);

        var result = await executer.RunAsync("Print the answer", saveExecution: false);

        Assert.True(result.Success, result.Error);
        Assert.Equal("42\n", result.Output);
        Assert.Equal([ExecutionStatus.RuntimeError, ExecutionStatus.Succeeded], result.Attempts.Select(a => a.Status));
        var feedback = model.LastUserText(1);
        Assert.Contains("IndexError: list index out of range", feedback, StringComparison.Ordinal);
        Assert.Contains("line 2", feedback, StringComparison.Ordinal);
        Assert.Equal([101L, 102L], result.Attempts.Select(a => a.Tokens!.Value));
        Assert.Equal("Print the answer", result.Instruction);
        Assert.Equal(("scripted", "scripted-model"), (result.Provider, result.Model));
    }

    [LinuxFact]
    public async Task PolicyViolationThenFix_TheCanaryIsUntouched_AndTheRuleIsSentBack()
    {
        var canary = Path.Combine(fixture.World.Work, $"canary-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(canary, "keep me");
        var model = new ScriptedChatClient($"```python\nimport os\nos.remove('{canary}')\nprint('removed')\n```", "```python\nprint('done safely')\n```");
        await using var executer = Create(model);

        var result = await executer.RunAsync("Clean up", saveExecution: false);

        Assert.True(File.Exists(canary));
        Assert.Equal("keep me", await File.ReadAllTextAsync(canary));
        Assert.Equal("done safely\n", result.Output);
        Assert.Equal(ExecutionStatus.PolicyViolation, result.Attempts[0].Status);
        Assert.Contains("no-file-write", model.LastUserText(1), StringComparison.Ordinal);
        Assert.Contains("os.remove", model.LastUserText(1), StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task NoCodeThenCode_AsksForACodeBlock()
    {
        var model = new ScriptedChatClient("The factorial of 5 is 120.", "```python\nimport math\nprint(math.factorial(5))\n```");
        await using var executer = Create(model);

        var result = await executer.RunAsync("Factorial of 5", saveExecution: false);

        Assert.Equal("120\n", result.Output);
        Assert.Equal(ExecutionStatus.NoCode, result.Attempts[0].Status);
        Assert.Contains("no Python code", model.LastUserText(1), StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task TimeoutThenFix_SaysItWasStopped()
    {
        var model = new ScriptedChatClient("```python\nwhile True:\n    pass\n```", "```python\nprint('quick')\n```");
        await using var executer = Create(model);

        var result = await executer.RunAsync("Loop", timeout: TimeSpan.FromSeconds(1), saveExecution: false);

        Assert.Equal(ExecutionStatus.TimedOut, result.Attempts[0].Status);
        Assert.Contains("did not finish within 1 seconds", model.LastUserText(1), StringComparison.Ordinal);
        Assert.Equal("quick\n", result.Output);
    }

    [LinuxFact]
    public async Task RetriesExhausted_ReturnsTheLastFailure_WithEveryAttempt()
    {
        var model = new ScriptedChatClient("```python\nraise ValueError('still broken')\n```");
        await using var executer = Create(model);

        var result = await executer.RunAsync("Break", maxRetries: 2, saveExecution: false);

        Assert.Equal(ExecutionStatus.RuntimeError, result.Status);
        Assert.Equal(3, result.Attempts.Count);
        Assert.Equal(3, model.Calls.Count);
        Assert.Equal("ValueError", result.ErrorType);
    }

    [LinuxFact]
    public async Task NoRetry_StopsAfterTheFirstAttempt()
    {
        var model = new ScriptedChatClient("```python\n1/0\n```", "```python\nprint('never asked')\n```");
        await using var executer = Create(model);

        var result = await executer.RunAsync("Divide", retryOnError: false, saveExecution: false);

        Assert.Single(result.Attempts);
        Assert.Single(model.Calls);
    }

    [LinuxFact]
    public async Task ThePrompt_StatesPythonMode_RulesAndContext_AndTheOptionsReachTheModel()
    {
        var model = new ScriptedChatClient("```python\nprint(1)\n```");
        await using var executer = Create(model, o =>
        {
            o.Temperature = 0.3;
            o.ModelName = "my-model";
        });

        await executer.RunAsync("Count the rows", context: "data.csv has a header row", saveExecution: false);

        var system = model.Calls[0].Single(m => m.Role == ChatRole.System).Text;
        Assert.Matches(@"Python 3\.\d+\.\d+", system);
        Assert.Contains("Security mode: SAFE", system, StringComparison.Ordinal);
        Assert.Contains("subprocess", system, StringComparison.Ordinal);
        Assert.Contains("```python", system, StringComparison.Ordinal);
        Assert.Contains(fixture.World.Work, system, StringComparison.Ordinal);
        Assert.Equal("Count the rows\n\nContext:\ndata.csv has a header row", model.LastUserText(0));
        Assert.Equal((0.3f, "my-model"), (model.Options[0]!.Temperature, model.Options[0]!.ModelId));
    }

    [LinuxFact]
    public async Task RunAsync_SavesByDefault_WithTheInstructionAndAttempts()
    {
        var folder = Path.Combine(fixture.World.Root, $"runs-{Guid.NewGuid():N}");
        var model = new ScriptedChatClient("```python\nprint(undefined)\n```", "```python\nprint('saved')\n```");
        await using var executer = Create(model, o => o.ExecutionsDirectory = folder);

        var result = await executer.RunAsync("Save me");
        var loaded = executer.GetExecution(result.ExecutionId)!;

        Assert.NotNull(result.SavedTo);
        Assert.Equal("Save me", loaded.Instruction);
        Assert.Equal(2, loaded.Attempts.Count);
        Assert.Equal("print(undefined)\n", loaded.Attempts[0].Code);
        Assert.Equal("scripted-model", loaded.Model);
    }

    [LinuxFact]
    public async Task GenerateCode_ReturnsTheExtractedCode_WithoutRunningIt()
    {
        var marker = Path.Combine(fixture.World.Outside, $"not-run-{Guid.NewGuid():N}");
        var model = new ScriptedChatClient($"Sure.\n```python\nopen('{marker}', 'w').write('x')\n```");
        await using var executer = Create(model);

        var code = await executer.GenerateCodeAsync("Write a file");

        Assert.Equal($"open('{marker}', 'w').write('x')\n", code);
        Assert.False(File.Exists(marker));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task RunAsync_DefaultProviderWithoutAKey_SaysHowToProvideOne()
    {
        Environment.SetEnvironmentVariable("GEMINI_API_KEY", null);
        Environment.SetEnvironmentVariable("GOOGLE_API_KEY", null);
        await using var executer = new CodeExecuter(new CodeExecuterOptions { WorkingDirectory = fixture.World.Outside });

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => executer.RunAsync("anything"));

        Assert.Contains("'gemini'", error.Message, StringComparison.Ordinal);
        Assert.Contains("IChatClient", error.Message, StringComparison.Ordinal);
    }

    private CodeExecuter Create(ScriptedChatClient model, Action<CodeExecuterOptions>? configure = null)
    {
        var options = new CodeExecuterOptions { WorkingDirectory = fixture.World.Work, Timeout = TimeSpan.FromSeconds(10), PrestartedProcesses = 0 };
        configure?.Invoke(options);
        return new CodeExecuter(model, options);
    }
}
