using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Cli;

/// <summary>User mistakes and unreachable services end with one clear line and a documented exit code, never a stack
/// trace (the real CLI process, each case).</summary>
public sealed class BadInputTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    public static TheoryData<string, string> Mistakes => new()
    {
        { "exec --code print(1) --timeout abc", "--timeout expects a number of seconds; 'abc' is not one." },
        { "exec --code print(1) --timeout 0", "--timeout must be between 0.001 and 86400; it is 0." },
        { "exec --code print(1) --timeout 1e9", "--timeout must be between 0.001 and 86400; it is 1e9." },
        { "history list --limit abc", "--limit expects a whole number; 'abc' is not one." },
        { "history list --limit -3", "--limit must be at least 1; it is -3." },
        { "history clear --keep-recent abc --yes", "--keep-recent expects a whole number; 'abc' is not one." },
        { "run x --max-retries abc", "--max-retries expects a whole number; 'abc' is not one." },
        { "run x --max-retries 99", "--max-retries must be between 0 and 20; it is 99." },
        { "run x --temperature hot", "--temperature expects a number; 'hot' is not one." },
        { "run x --no-save --yes", "Unrecognized command or argument '--yes'." },
        { "exec --code print(1) --file nowhere.csv", "The input file 'nowhere.csv' does not exist." },
    };

    [LinuxTheory]
    [MemberData(nameof(Mistakes))]
    public async Task AMistake_IsOneClearLine_AndExitCodeTwo(string commandLine, string message)
    {
        var (exit, output, error) = await CliProcess.RunAsync(fixture.World.Outside, null, null, commandLine.Split(' '));

        Assert.Equal(2, exit);
        Assert.Contains("error: " + message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [LinuxFact]
    public async Task AParseError_PointsToTheHelpOfTheWholeCommand()
    {
        var (exit, _, error) = await CliProcess.RunAsync(fixture.World.Outside, null, null, "history", "list", "--limit", "-3");

        Assert.Equal(2, exit);
        Assert.Contains("Run 'genai-exec history list --help' for usage.", error, StringComparison.Ordinal);
    }

    [LinuxTheory]
    [InlineData("openai", "/v1")]
    [InlineData("gemini", "/v1")]
    [InlineData("openai-compatible", "/v1")]
    [InlineData("anthropic", "")]
    [InlineData("ollama", "")]
    public async Task AnUnreachableProvider_IsOneLine_AndExitCodeThree(string provider, string path)
    {
        var (exit, output, error) = await CliProcess.RunAsync(fixture.World.Work, null, null,
            "run", "anything", "--provider", provider, "--base-url", "http://127.0.0.1:9" + path, "--api-key", "sk-x", "--model", "m", "--no-save", "--json");

        Assert.Equal(3, exit);
        Assert.Contains($"error: The provider '{provider}' could not be reached at http://127.0.0.1:9{path}: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }
}
