using GenAIExecuter.Tests.Support;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace GenAIExecuter.Tests.Cli;

/// <summary><c>genai-exec mcp</c>, the real process, driven by the official C# SDK's client over stdio.</summary>
public sealed class McpServerTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("genai-mcp-").FullName;
    private McpClient? _client;

    private McpClient Client => _client!;

    public async Task InitializeAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var environment = new Dictionary<string, string?> { ["NO_COLOR"] = "1", ["GENAI_EXECUTER_USE_KEYRING"] = "false" };
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = [CliProcess.Assembly, "mcp", "--mode", "exec", "--python", SystemPython.WhyNoDataStack is null ? SystemPython.Path : "python3"],
            WorkingDirectory = _work,
            EnvironmentVariables = environment,
            Name = "genai-exec",
        });
        _client = await McpClient.CreateAsync(transport);
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }

        Directory.Delete(_work, recursive: true);
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    [KernelLayersFact]
    public async Task TheTools_AreListed_AndExecutePythonRuns()
    {
        var tools = await Client.ListToolsAsync();

        Assert.Equal(["execute_python", "get_execution", "list_executions"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        var result = await Client.CallToolAsync("execute_python", new Dictionary<string, object?> { ["code"] = "print(6 * 7)" });
        Assert.Contains("\"output\":\"42\\n\"", Text(result), StringComparison.Ordinal);
        Assert.Contains("\"success\":true", Text(result), StringComparison.Ordinal);
    }

    [DataStackFact]
    public async Task AChart_ComesBackAsAnImage()
    {
        var result = await Client.CallToolAsync("execute_python", new Dictionary<string, object?>
        {
            ["code"] = "import matplotlib.pyplot as plt\nplt.figure(figsize=(3, 2))\nplt.plot([1, 4, 9])\nprint('drawn')",
        });

        var image = Assert.Single(result.Content.OfType<ImageContentBlock>());
        Assert.Equal("image/png", image.MimeType);
        Assert.Equal((300, 200), Png.Size(Convert.FromBase64String(System.Text.Encoding.ASCII.GetString(image.Data.ToArray()))));
    }

    [KernelLayersFact]
    public async Task ConcurrentCalls_EachGetTheirOwnOutput()
    {
        var calls = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Client.CallToolAsync("execute_python",
            new Dictionary<string, object?> { ["code"] = $"import time\ntime.sleep(0.2)\nprint('call {i}')" }).AsTask()));

        for (var i = 0; i < calls.Length; i++)
        {
            Assert.Contains($"\"output\":\"call {i}\\n\"", Text(calls[i]), StringComparison.Ordinal);
        }
    }

    [KernelLayersFact]
    public async Task SafeMode_HoldsForMcpClients()
    {
        var result = await Client.CallToolAsync("execute_python", new Dictionary<string, object?> { ["code"] = "open('/etc/passwd-copy', 'w').write('x')" });

        Assert.DoesNotContain("\"success\":true", Text(result), StringComparison.Ordinal);
        Assert.False(File.Exists("/etc/passwd-copy"));
    }

    /// <summary>A client that cancels its call stops the run: the program's ticks stop (PERMISSIVE, so that it can
    /// tick in a file the test watches).</summary>
    [LinuxFact]
    public async Task ACancelledCall_StopsTheRun()
    {
        var ticks = Path.Combine(_work, "ticks.txt");
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = [CliProcess.Assembly, "mcp", "--security", "permissive", "--allow-permissive", "--timeout", "120"],
            WorkingDirectory = _work,
            EnvironmentVariables = new Dictionary<string, string?> { ["GENAI_EXECUTER_USE_KEYRING"] = "false" },
        });
        await using var client = await McpClient.CreateAsync(transport);
        using var cancel = new CancellationTokenSource();

        var call = client.CallToolAsync("execute_python", new Dictionary<string, object?>
        {
            ["code"] = $"import time\nwhile True:\n    open('{ticks}', 'a').write('.')\n    time.sleep(0.05)",
        }, cancellationToken: cancel.Token).AsTask();
        for (var waited = 0; !File.Exists(ticks) && waited < 200; waited++)
        {
            await Task.Delay(100);
        }

        Assert.True(File.Exists(ticks), "the program never started ticking");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await Task.Delay(1500);
        var stopped = new FileInfo(ticks).Length;
        await Task.Delay(1500);
        Assert.Equal(stopped, new FileInfo(ticks).Length);
        var after = await client.CallToolAsync("execute_python", new Dictionary<string, object?> { ["code"] = "print('still serving')" });
        Assert.Contains("still serving", Text(after), StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task PermissiveMode_NeedsAllowPermissive()
    {
        var (exit, _, error) = await CliProcess.RunAsync(_work, null, null, "mcp", "--security", "permissive");

        Assert.Equal(2, exit);
        Assert.Contains("--allow-permissive", error, StringComparison.Ordinal);
    }
}

/// <summary><c>genai-exec mcp</c> driven by a client in another language: the official TypeScript SDK from npm (pinned
/// in McpTypeScript/package.json, installed once into the user's cache folder), through a small Node script.</summary>
public sealed class McpTypeScriptClientTests
{
    [NodeFact]
    public async Task TheTypeScriptSdk_ListsTheTools_RunsCode_AndSeesARefusal()
    {
        var folder = await InstallAsync();
        var work = Directory.CreateTempSubdirectory("genai-mcp-ts-").FullName;
        try
        {
            var (exit, output, error) = await RunAsync("node", folder, Path.Combine(folder, "client.mjs"), CliProcess.Assembly, work);

            Assert.True(exit == 0, error);
            using var result = System.Text.Json.JsonDocument.Parse(output);
            var root = result.RootElement;
            Assert.Equal("genai-exec", root.GetProperty("server").GetProperty("name").GetString());
            Assert.Equal(["execute_python", "get_execution", "list_executions"], root.GetProperty("tools").EnumerateArray().Select(t => t.GetString()));
            Assert.Contains("\"output\":\"42\\n\"", root.GetProperty("ran").GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Contains("\"status\":\"PolicyViolation\"", root.GetProperty("refused").GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The client's folder with the SDK installed (once per version of package.json).</summary>
    private static async Task<string> InstallAsync()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Cli", "McpTypeScript");
        var manifest = await File.ReadAllTextAsync(Path.Combine(source, "package.json"));
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(manifest)))[..12];
        var folder = Path.Combine(Path.GetTempPath(), $"genai-exec-mcp-ts-{hash}");
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(source, "package.json"), Path.Combine(folder, "package.json"), overwrite: true);
        File.Copy(Path.Combine(source, "client.mjs"), Path.Combine(folder, "client.mjs"), overwrite: true);
        if (!File.Exists(Path.Combine(folder, "node_modules", "@modelcontextprotocol", "sdk", "package.json")))
        {
            var (exit, _, error) = await RunAsync("npm", folder, "install", "--no-audit", "--no-fund", "--loglevel=error");
            Assert.True(exit == 0, $"npm could not install the MCP TypeScript SDK: {error}");
        }

        return folder;
    }

    private static async Task<(int, string, string)> RunAsync(string program, string directory, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}

/// <summary>A fact that needs Node.js and npm (and SAFE mode's kernel layers); skipped, with the reason, without them.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        Timeout = TestTimeouts.Default;
        Skip = Platform.WhyNoKernelLayers
            ?? (ExecutableOnPath("node") && ExecutableOnPath("npm") ? null : "Node.js and npm are not installed (apt-get install nodejs npm)");
    }

    private static bool ExecutableOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, name)));
}
