using GenAIExecuter.Configuration;
using GenAIExecuter.Tests.History;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Configuration;

public sealed class ConfiguredOptionsTests : IDisposable
{
    private readonly HistoryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Json_InTheOriginalShape_IsRead()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "config.json"), """
            { "genai": { "provider": "openai", "model": "gpt-4o-mini", "temperature": 0.2, "base_url": null },
              "execution": { "mode": "exec", "security": "permissive", "timeout": 45, "max_retries": 4,
                             "save_executions": false, "executions_dir": "runs", "python": null } }
            """);

        var loaded = ConfiguredOptions.Load(workingDirectory: _folder.Path);

        var o = loaded.Options;
        Assert.Equal(("openai", "gpt-4o-mini", 0.2, null), (o.Provider, o.ModelName, o.Temperature, o.BaseUrl));
        Assert.Equal((ExecutionMode.Exec, SecurityMode.Permissive, TimeSpan.FromSeconds(45), 4, false, "runs", null),
            (o.ExecutionMode, o.SecurityMode, o.Timeout, o.MaxRetries, o.SaveExecutions, o.ExecutionsDirectory, o.Python));
        Assert.Equal(Path.Combine(_folder.Path, "config.json"), loaded.Sources["genai.model"]);
        Assert.Equal("default", loaded.Sources["execution.python"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Toml_IsRead()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "config.toml"), "[genai]\nprovider = \"ollama\"\ntemperature = 0.5\nuse_keyring = false\n\n[execution]\ntimeout = 12\nsave_executions = false\n");

        var o = ConfiguredOptions.Load(workingDirectory: _folder.Path).Options;

        Assert.Equal(("ollama", 0.5, TimeSpan.FromSeconds(12), false, false), (o.Provider, o.Temperature, o.Timeout, o.SaveExecutions, o.UseKeyring));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task TheMemoryLimit_IsSetInMiB()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "config.toml"), "[execution]\nmemory_mb = 4096\n");

        var loaded = ConfiguredOptions.Load(workingDirectory: _folder.Path);

        Assert.Equal(4096L << 20, loaded.Options.Limits.MemoryBytes);
        Assert.Equal(Path.Combine(_folder.Path, "config.toml"), loaded.Sources["execution.memory_mb"]);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task EnvironmentVariables_WinOverTheFile()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "config.json"), """{ "execution": { "max_retries": 4 } }""");
        Environment.SetEnvironmentVariable("GENAI_EXECUTER_MAX_RETRIES", "7");
        try
        {
            var loaded = ConfiguredOptions.Load(workingDirectory: _folder.Path);

            Assert.Equal(7, loaded.Options.MaxRetries);
            Assert.Equal("$GENAI_EXECUTER_MAX_RETRIES", loaded.Sources["execution.max_retries"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GENAI_EXECUTER_MAX_RETRIES", null);
        }
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("config.json", "{ \"genai\": ", "not valid JSON")]
    [InlineData("config.toml", "[genai\nprovider = ", "not valid TOML")]
    [InlineData("config.json", "{ \"execution\": { \"timeout\": \"soon\" } }", "'execution.timeout' in")]
    [InlineData("config.toml", "[execution]\nmemory_mb = 16\n", "'execution.memory_mb' in")]
    [InlineData("config.json", "{ \"execution\": { \"security\": \"lax\" } }", "it must be safe or permissive")]
    [InlineData("config.json", "{ \"genai\": { \"provider\": \"skynet\" } }", "Valid providers: gemini")]
    [InlineData("config.json", "{ \"genai\": { \"colour\": \"blue\" } }", "Unknown setting 'genai.colour'")]
    public async Task BadFiles_AreClearErrors_NamingTheFile(string name, string content, string expected)
    {
        var path = Path.Combine(_folder.Path, name);
        await File.WriteAllTextAsync(path, content);

        var error = Assert.Throws<ConfigurationException>(() => ConfiguredOptions.Load(workingDirectory: _folder.Path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task AnExplicitFileThatDoesNotExist_IsAnError()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfiguredOptions.Load("nope.toml", _folder.Path));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [LinuxFact]
    public async Task Cli_ArgumentsWinOverTheFile_AndConfigShowSaysWhereEachValueCameFrom()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "config.json"), """{ "execution": { "security": "permissive", "mode": "exec" } }""");

        var (_, shown, _) = await CliProcess.RunAsync(_folder.Path, null, null, "config", "show");
        var (_, json, _) = await CliProcess.RunAsync(_folder.Path, null, null, "exec", "--security", "safe", "--json", "--code", "print(1)");

        Assert.Contains("execution.security", shown, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_folder.Path, "config.json"), shown, StringComparison.Ordinal);
        Assert.Contains("\"security_mode\": \"safe\"", json, StringComparison.Ordinal);   // the argument
        Assert.Contains("\"execution_mode\": \"exec\"", json, StringComparison.Ordinal);  // the file
    }
}
