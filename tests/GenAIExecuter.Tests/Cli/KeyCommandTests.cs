using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Cli;

/// <summary>API keys and the OS keyring, end to end: <c>genai-exec</c> as a process, a real gnome-keyring on a private
/// D-Bus session, Python's own <c>keyring</c> package on the other side, and a loopback provider that reports which
/// key it was sent.</summary>
public sealed class KeyCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("genai-keys-").FullName;
    private readonly string _key = $"sk-test-{Guid.NewGuid():N}";

    [KeyringFact(needsPythonKeyring: true)]
    public async Task KeySet_StoresTheKeyWherePythonKeyringFindsIt_AndNeverPrintsIt()
    {
        await using var keyring = await KeyringSession.StartAsync();

        var (exit, output, error) = await RunAsync(keyring, _key + "\n", "key", "set", "openai");

        Assert.Equal(0, exit);
        Assert.Contains("Stored the openai API key", output, StringComparison.Ordinal);
        Assert.Equal(_key, await keyring.PythonAsync("print(keyring.get_password('openai', 'api_key'))"));
        Assert.DoesNotContain(_key, output + error, StringComparison.Ordinal);
    }

    [KeyringFact(needsPythonKeyring: true)]
    public async Task KeySet_AtATerminal_AsksWithoutEchoingTheKey()
    {
        await using var keyring = await KeyringSession.StartAsync();
        var environment = Isolated();
        foreach (var (name, value) in keyring.Environment)
        {
            environment[name] = value;
        }

        var (exit, screen) = await TerminalProcess.RunAsync(_work, ("API key for anthropic: ", _key + "\r"), environment, "key", "set", "anthropic");

        Assert.True(exit == 0, screen);
        Assert.Contains("API key for anthropic: ", screen, StringComparison.Ordinal);
        Assert.DoesNotContain(_key, screen, StringComparison.Ordinal);
        Assert.Equal(_key, await keyring.PythonAsync("print(keyring.get_password('anthropic', 'api_key'))"));
    }

    [KeyringFact(needsPythonKeyring: true)]
    public async Task PythonAndGenaiExec_UpdateOneAnothersEntry_InsteadOfAddingASecond()
    {
        await using var keyring = await KeyringSession.StartAsync();
        await using var server = await FakeProviderServer.StartAsync("```python\nprint(1)\n```");

        await RunAsync(keyring, "sk-ours-1\n", "key", "set", "openai");
        await keyring.PythonAsync("keyring.set_password('openai', 'api_key', 'sk-python-2')");
        var afterPython = await keyring.CountEntriesAsync("openai");
        await RunAsync(keyring, null, "run", "Print 1", "--provider", "openai", "--base-url", server.Url + "/v1", "--no-save");
        await RunAsync(keyring, "sk-ours-3\n", "key", "set", "openai");
        var afterUs = await keyring.CountEntriesAsync("openai");

        Assert.Equal(1, afterPython);
        Assert.Equal("Bearer sk-python-2", server.Requests.Single().Headers.Authorization.ToString());
        Assert.Equal(1, afterUs);
        Assert.Equal("sk-ours-3", await keyring.PythonAsync("print(keyring.get_password('openai', 'api_key'))"));
    }

    [KeyringFact(needsPythonKeyring: true)]
    public async Task AKeyStoredByPythonKeyring_IsSentToTheProvider()
    {
        await using var keyring = await KeyringSession.StartAsync();
        await keyring.PythonAsync($"keyring.set_password('gemini', 'api_key', '{_key}')");
        await using var server = await FakeProviderServer.StartAsync("```python\nprint(6 * 7)\n```");

        var (exit, output, error) = await RunAsync(keyring, null, "run", "Multiply 6 by 7", "--base-url", server.Url + "/v1", "--executions-dir", "history");

        Assert.Equal(0, exit);
        Assert.Equal("42\n", output);
        Assert.Equal($"Bearer {_key}", server.Requests.Single().Headers.Authorization.ToString());
        Assert.DoesNotContain(_key, output + error, StringComparison.Ordinal);
        Assert.DoesNotContain(_key, await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(_work, "history")).Single()), StringComparison.Ordinal);
    }

    [KeyringFact(needsPythonKeyring: true)]
    public async Task AKeyFile_MovesIntoTheKeyring_AndTheUserIsToldOnce()
    {
        await using var keyring = await KeyringSession.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(_work, "openai_api_key.txt"), _key + "\n");
        await using var server = await FakeProviderServer.StartAsync("```python\nprint('hi')\n```");

        var first = await RunAsync(keyring, null, "run", "Say hi", "--provider", "openai", "--base-url", server.Url + "/v1", "--no-save");
        var stored = await keyring.PythonAsync("print(keyring.get_password('openai', 'api_key'))");
        var second = await RunAsync(keyring, null, "run", "Say hi", "--provider", "openai", "--base-url", server.Url + "/v1", "--no-save");
        var status = await RunAsync(keyring, null, "key", "status");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("warning: Saved the openai API key from", first.Error, StringComparison.Ordinal);
        Assert.Equal(_key, stored);
        Assert.Equal(0, second.ExitCode);
        Assert.DoesNotContain("warning", second.Error, StringComparison.Ordinal);
        Assert.All(server.Requests, request => Assert.Equal($"Bearer {_key}", request.Headers.Authorization.ToString()));
        Assert.Equal(2, server.Requests.Count);
        Assert.Matches(@"openai\s+the Secret Service keyring", status.Output);
        Assert.DoesNotContain(_key, first.Output + first.Error + second.Output + second.Error + status.Output, StringComparison.Ordinal);
    }

    [KeyringFact]
    public async Task Sources_AreUsedInOrder_ArgumentThenVariableThenKeyringThenFile()
    {
        await using var keyring = await KeyringSession.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(_work, "anthropic_api_key.txt"), "sk-from-file");
        Assert.Equal(0, (await RunAsync(keyring, "sk-from-keyring\n", "key", "set", "anthropic")).ExitCode);
        await using var server = await FakeProviderServer.StartAsync("```python\nprint(1)\n```");
        string[] run = ["run", "Print 1", "--provider", "anthropic", "--base-url", server.Url, "--no-save"];

        await RunAsync(keyring, null, [.. run, "--api-key", "sk-from-argument"], ("ANTHROPIC_API_KEY", "sk-from-variable"));
        await RunAsync(keyring, null, run, ("ANTHROPIC_API_KEY", "sk-from-variable"));
        await RunAsync(keyring, null, run);
        await RunAsync(keyring, null, "key", "delete", "anthropic");
        await RunAsync(keyring, null, run);

        // This SDK version sends the key as a bearer token.
        var sent = server.Requests.Select(r => r.Headers.Authorization.ToString()).ToArray();
        Assert.Equal(["Bearer sk-from-argument", "Bearer sk-from-variable", "Bearer sk-from-keyring", "Bearer sk-from-file"], sent);
    }

    [KeyringFact(needsPythonKeyring: true)]
    public async Task KeyDelete_RemovesTheEntry_AndSaysSoWhenThereIsNone()
    {
        await using var keyring = await KeyringSession.StartAsync();
        await keyring.PythonAsync($"keyring.set_password('perplexity', 'api_key', '{_key}')");

        var first = await RunAsync(keyring, null, "key", "delete", "perplexity");
        var left = await keyring.PythonAsync("print(keyring.get_password('perplexity', 'api_key'))");
        var second = await RunAsync(keyring, null, "key", "delete", "perplexity");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Deleted the perplexity API key", first.Output, StringComparison.Ordinal);
        Assert.Equal("None", left);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("No perplexity API key", second.Output, StringComparison.Ordinal);
    }

    [KeyringFact]
    public async Task KeySet_WithNothingOnStandardInput_ExitsTwo_AndStoresNothing()
    {
        await using var keyring = await KeyringSession.StartAsync();

        var (exit, _, error) = await RunAsync(keyring, "\n", "key", "set", "openai");
        var status = await RunAsync(keyring, null, "key", "status");

        Assert.Equal(2, exit);
        Assert.Contains("No key was given", error, StringComparison.Ordinal);
        Assert.Matches(@"openai\s+none found", status.Output);
        Assert.Equal(0, await keyring.CountEntriesAsync("openai")); // in the keyring itself, not just as reported
    }

    [KeyringFact(needsPythonKeyring: true)]
    public async Task UseKeyringFalse_LeavesTheKeyringUnread_AndTheMissingKeyMessageSaysWhy()
    {
        await using var keyring = await KeyringSession.StartAsync();
        await keyring.PythonAsync($"keyring.set_password('gemini', 'api_key', '{_key}')");

        var (exit, _, error) = await RunAsync(keyring, null, ["run", "anything", "--no-save"], ("GENAI_EXECUTER_USE_KEYRING", "false"));

        Assert.Equal(2, exit);
        Assert.Contains("No API key for provider 'gemini'", error, StringComparison.Ordinal);
        Assert.Contains("keyring is turned off", error, StringComparison.Ordinal);
        Assert.DoesNotContain(_key, error, StringComparison.Ordinal);
    }

    [KeyringFact(needsPythonKeyring: true)]
    public async Task AKeyringThatNeverAnswers_CostsOneTimeout_AndTheRunFallsBackToTheKeyFile()
    {
        await using var keyring = await KeyringSession.StartAsync(silent: true);
        await File.WriteAllTextAsync(Path.Combine(_work, "openai_api_key.txt"), _key);
        await using var server = await FakeProviderServer.StartAsync("```python\nprint('fell back')\n```");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var runs = await Task.WhenAll(
            RunAsync(keyring, null, "run", "Say it", "--provider", "openai", "--base-url", server.Url + "/v1", "--no-save"),
            RunAsync(keyring, null, "key", "status"));

        var (run, status) = (runs[0], runs[1]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("fell back\n", run.Output);
        Assert.Equal($"Bearer {_key}", server.Requests.Single().Headers.Authorization.ToString());
        Assert.Contains("keyring: not usable: the Secret Service keyring did not answer", status.Output, StringComparison.Ordinal);
        Assert.Matches(@"openai\s+.*openai_api_key\.txt", status.Output);
        // One wait of 10 s per process, not one per provider (5 providers would take 50 s).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(35), $"took {clock.Elapsed}");
    }

    [LinuxFact]
    public async Task WithoutASessionBus_KeyCommandsSaySo_WithoutAStackTrace()
    {
        var (exit, _, error) = await CliProcess.RunAsync(_work, "sk-x\n", Isolated(), "key", "set", "openai");
        var status = await CliProcess.RunAsync(_work, null, Isolated(), "key", "status");

        Assert.Equal(2, exit);
        Assert.Contains("The OS keyring cannot be used here: there is no D-Bus session bus", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("keyring: not usable", status.Output, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task KeySet_ForAProviderWithoutKeys_OrAnUnknownOne_ExitsTwo()
    {
        var ollama = await CliProcess.RunAsync(_work, "x\n", Isolated(), "key", "set", "ollama");
        var unknown = await CliProcess.RunAsync(_work, "x\n", Isolated(), "key", "set", "skynet");

        Assert.Equal(2, ollama.ExitCode);
        Assert.Contains("needs no API key", ollama.Error, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Valid providers:", unknown.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private Task<(int ExitCode, string Output, string Error)> RunAsync(KeyringSession keyring, string? input, params string[] args) =>
        RunAsync(keyring, input, args, []);

    private Task<(int ExitCode, string Output, string Error)> RunAsync(KeyringSession keyring, string? input, string[] args, params (string Name, string Value)[] extra)
    {
        var environment = Isolated();
        foreach (var (name, value) in keyring.Environment)
        {
            environment[name] = value;
        }

        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return CliProcess.RunAsync(_work, input, environment, args);
    }

    /// <summary>No key from the developer's environment or config folder.</summary>
    private Dictionary<string, string> Isolated() => new()
    {
        ["XDG_CONFIG_HOME"] = Path.Combine(_work, "no-config"),
        ["GEMINI_API_KEY"] = string.Empty,
        ["GOOGLE_API_KEY"] = string.Empty,
        ["OPENAI_API_KEY"] = string.Empty,
        ["PERPLEXITY_API_KEY"] = string.Empty,
        ["ANTHROPIC_API_KEY"] = string.Empty,
    };
}
