using System.Text.Json;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Cli;

/// <summary><c>genai-exec run</c> end to end: the CLI process, the real OpenAI SDK, a loopback server, the real sandbox.</summary>
public sealed class RunCommandTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [LinuxFact]
    public async Task Run_FixesFailedCode_PrintsTheOutput_AndSaves()
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nprint(undefined_name)\n```", "```python\nimport math\nprint(math.factorial(10))\n```");
        var dir = Path.Combine(fixture.World.Root, $"run-{Guid.NewGuid():N}");

        var (exit, output, error) = await CliProcess.RunAsync(fixture.World.Work, null, null,
            "run", "Calculate the factorial of 10 and display the result", "--provider", "openai", "--base-url", server.Url + "/v1",
            "--api-key", "sk-cli-test", "--model", "gpt-test", "--executions-dir", dir);

        Assert.Equal(0, exit);
        Assert.Equal("3628800\n", output);
        Assert.Contains("attempt 1: RuntimeError", error, StringComparison.Ordinal);
        Assert.Contains("print(math.factorial(10))", error, StringComparison.Ordinal); // the code, as it streamed
        Assert.Contains("succeeded after 2 attempt(s)", error, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(dir));
        Assert.DoesNotContain("sk-cli-test", await File.ReadAllTextAsync(Directory.GetFiles(dir)[0]), StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Run_Json_PrintsOneObject_WithTheInstructionAndAttempts()
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nprint('ok')\n```");

        var (exit, output, _) = await CliProcess.RunAsync(fixture.World.Work, null, null,
            "run", "Say ok", "--provider", "openai-compatible", "--base-url", server.Url + "/v1", "--json", "--no-save");

        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("Say ok", doc.RootElement.GetProperty("instruction").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("attempts").GetArrayLength());
        Assert.Equal("openai-compatible", doc.RootElement.GetProperty("provider").GetString());
    }

    [LinuxFact]
    public async Task Run_OnATerminal_SpinsWhileTheModelThinks_AndErasesTheSpinner()
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nprint(6 * 7)\n```");
        server.ReplyDelay = TimeSpan.FromSeconds(1);

        var (exit, screen) = await TerminalProcess.RunAsync(fixture.World.Work, null, null, "run", "Multiply 6 by 7", "--provider", "openai", "--base-url", server.Url + "/v1",
            "--api-key", "sk-spin", "--no-save");

        Assert.True(exit == 0, screen);
        Assert.Contains("\r⠋ Asking openai for code…", screen, StringComparison.Ordinal);
        Assert.Contains("\r⠙ Asking openai for code…", screen, StringComparison.Ordinal); // it moved
        var erased = screen.LastIndexOf("\r\u001b[2K", StringComparison.Ordinal);
        Assert.True(erased >= 0 && erased < screen.IndexOf("```python", StringComparison.Ordinal), "the spinner was not erased before the code streamed");
        Assert.Contains("42", screen, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Run_WhenOutputIsNotATerminal_PrintsNoSpinnerControlCharacters()
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nprint(6 * 7)\n```");
        server.ReplyDelay = TimeSpan.FromSeconds(1);

        var (exit, _, error) = await CliProcess.RunAsync(fixture.World.Work, null, null,
            "run", "Multiply 6 by 7", "--provider", "openai", "--base-url", server.Url + "/v1", "--api-key", "sk-spin", "--no-save");

        Assert.Equal(0, exit);
        Assert.StartsWith("Asking openai for code…\n", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', error);
        Assert.DoesNotContain("\u001b", error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Run_OpenAICompatible_WorksWithoutAnyKey()
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nprint('keyless')\n```");
        var environment = new Dictionary<string, string> { ["OPENAI_API_KEY"] = string.Empty, ["XDG_CONFIG_HOME"] = fixture.World.Outside };

        var (exit, output, error) = await CliProcess.RunAsync(fixture.World.Outside, null, environment,
            "run", "Say it", "--provider", "openai-compatible", "--base-url", server.Url + "/v1", "--no-save");

        Assert.True(exit == 0, error);
        Assert.Equal("keyless\n", output);
        Assert.Equal("Bearer none", server.Requests.Single().Headers.Authorization.ToString());
    }

    [LinuxFact]
    public async Task Run_WithoutAKey_ExitsTwo_NamingTheWaysToGiveOne()
    {
        var environment = new Dictionary<string, string> { ["GEMINI_API_KEY"] = string.Empty, ["GOOGLE_API_KEY"] = string.Empty, ["XDG_CONFIG_HOME"] = fixture.World.Outside };

        var (exit, _, error) = await CliProcess.RunAsync(fixture.World.Outside, null, environment, "run", "anything", "--no-save");

        Assert.Equal(2, exit);
        Assert.Contains("No API key for provider 'gemini'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
