using System.Text.Json.Nodes;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Generation;

/// <summary>RunAsync through each provider's real SDK against a loopback server speaking its wire protocol.</summary>
public sealed class ProviderProtocolTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    public static TheoryData<string> ProviderNames => new() { "openai", "gemini", "perplexity", "openai-compatible", "ollama", "anthropic" };

    [LinuxTheory]
    [MemberData(nameof(ProviderNames))]
    public async Task RunAsync_SendsKeyModelAndPolicy_AndFeedsTheErrorBack(string provider)
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nprint(1 / 0)\n```", "```python\nprint(6 * 7)\n```");
        var key = $"sk-test-{Guid.NewGuid():N}";
        await using var executer = Create(provider, server, key, "test-model");

        var result = await executer.RunAsync("Multiply six by seven", saveExecution: false);

        Assert.True(result.Success, result.Error);
        Assert.Equal("42\n", result.Output);
        Assert.Equal(2, server.Requests.Count);
        var (path, headers, first) = server.Requests[0];
        Assert.Equal("test-model", first["model"]!.GetValue<string>());
        if (provider == "anthropic")
        {
            Assert.EndsWith("/v1/messages", path, StringComparison.Ordinal);
            // The official SDK sends the key as a bearer token (older versions: x-api-key); either carries our key.
            Assert.True(headers["x-api-key"].ToString() == key || headers.Authorization.ToString() == $"Bearer {key}", "the key header is missing");
            Assert.Contains("Security mode: SAFE", Text(first["system"]), StringComparison.Ordinal);
        }
        else if (provider == "ollama")
        {
            Assert.EndsWith("/api/chat", path, StringComparison.Ordinal);
            Assert.Contains("Security mode: SAFE", Text(first["messages"]![0]!["content"]), StringComparison.Ordinal);
        }
        else
        {
            Assert.EndsWith("/chat/completions", path, StringComparison.Ordinal);
            Assert.Equal($"Bearer {key}", headers.Authorization.ToString());
            Assert.Contains("Security mode: SAFE", Text(first["messages"]![0]!["content"]), StringComparison.Ordinal);
        }

        Assert.Contains("ZeroDivisionError", server.Requests[1].Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(provider, result.Provider);
        Assert.DoesNotContain(key, result.ToJson(), StringComparison.Ordinal);
    }

    [LinuxTheory]
    [InlineData("openai", 500)]
    [InlineData("openai", 429)]
    [InlineData("anthropic", 500)]
    [InlineData("anthropic", 429)]
    [InlineData("ollama", 500)]
    [InlineData("ollama", 503)]
    [InlineData("openai", FakeProviderServer.DroppedConnection)]
    [InlineData("anthropic", FakeProviderServer.DroppedConnection)]
    [InlineData("ollama", FakeProviderServer.DroppedConnection)]
    public async Task RunAsync_TransientHttpFailure_IsRetried(string provider, int status)
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nprint('after a failure')\n```");
        server.FailNext(status);
        await using var executer = Create(provider, server, "sk-test", "m");

        var result = await executer.RunAsync("anything", saveExecution: false);

        Assert.Equal("after a failure\n", result.Output);
        Assert.Equal(2, server.Requests.Count);
        Assert.Single(result.Attempts); // retried below the code retries, not as a new attempt
    }

    [LinuxTheory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task RunAsync_Http401_SaysTheKeyWasRefused_AndWhereItCameFrom(string provider)
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nprint(1)\n```");
        server.FailNext(401, 401, 401, 401);
        var key = $"sk-wrong-{Guid.NewGuid():N}";
        await using var executer = Create(provider, server, key, "m");

        var error = await Assert.ThrowsAsync<ModelRequestException>(() => executer.RunAsync("anything", saveExecution: false));

        Assert.Contains($"provider '{provider}' refused the API key", error.Message, StringComparison.Ordinal);
        Assert.Contains("--api-key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A provider nobody answers for (port 9, where nothing listens) is a ModelRequestException that says where
    /// it tried and why it failed, for every SDK, never the SDK's own AggregateException.</summary>
    [LinuxTheory]
    [InlineData("openai")]
    [InlineData("openai-compatible")]
    [InlineData("gemini")]
    [InlineData("anthropic")]
    [InlineData("ollama")]
    public async Task AnUnreachableProvider_IsAModelRequestException_ThatSaysWhere(string provider)
    {
        var url = provider is "ollama" or "anthropic" ? "http://127.0.0.1:9" : "http://127.0.0.1:9/v1";
        await using var executer = new CodeExecuter(new CodeExecuterOptions
        {
            Provider = provider, BaseUrl = url, ApiKey = "sk-unreachable", ModelName = "m", WorkingDirectory = fixture.World.Work, UseKeyring = false,
        });

        var error = await Assert.ThrowsAsync<ModelRequestException>(() => executer.RunAsync("anything", saveExecution: false));

        Assert.Contains($"The provider '{provider}' could not be reached at {url}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n   at ", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task MissingKey_NamesTheProviderAndTheWaysToGiveOne()
    {
        Environment.SetEnvironmentVariable("PERPLEXITY_API_KEY", null);
        await using var executer = new CodeExecuter(new CodeExecuterOptions { Provider = "perplexity", WorkingDirectory = fixture.World.Outside, UseKeyring = false });

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => executer.RunAsync("anything"));

        Assert.Contains("'perplexity'", error.Message, StringComparison.Ordinal);
        Assert.Contains("PERPLEXITY_API_KEY", error.Message, StringComparison.Ordinal);
        Assert.Contains("perplexity_api_key.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task UnknownProvider_ListsTheValidOnes()
    {
        await using var executer = new CodeExecuter(new CodeExecuterOptions { Provider = "skynet" });

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => executer.RunAsync("anything"));

        Assert.Contains("gemini, openai, perplexity, ollama, anthropic, openai-compatible", error.Message, StringComparison.Ordinal);
    }

    private CodeExecuter Create(string provider, FakeProviderServer server, string key, string model) => new(new CodeExecuterOptions
    {
        Provider = provider,
        BaseUrl = provider is "ollama" or "anthropic" ? server.Url : server.Url + "/v1",
        ApiKey = key,
        ModelName = model,
        WorkingDirectory = fixture.World.Work,
        Timeout = TimeSpan.FromSeconds(10),
        PrestartedProcesses = 0,
    });

    private static string Text(JsonNode? node) => node switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray array => string.Concat(array.Select(item => item?["text"]?.GetValue<string>() ?? Text(item))),
        _ => node?.ToJsonString() ?? string.Empty,
    };
}
