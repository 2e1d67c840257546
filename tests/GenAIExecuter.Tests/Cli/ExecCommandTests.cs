using System.Text.Json;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Cli;

/// <summary><c>genai-exec exec</c> end to end, as a real process.</summary>
public sealed class ExecCommandTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [LinuxFact]
    public async Task Exec_Code_PrintsOutputAndStatus_ExitsZero()
    {
        var (exit, output, error) = await CliProcess.RunAsync(fixture.World.Work, null, null, "exec", "--code", "print(6*7)");

        Assert.Equal(0, exit);
        Assert.Equal("42\n", output);
        Assert.Contains("succeeded", error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Exec_File_Runs()
    {
        var file = Path.Combine(fixture.World.Work, $"script-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(file, "import statistics\nprint(statistics.mean([1, 2, 3, 4]))\n");

        var (exit, output, _) = await CliProcess.RunAsync(fixture.World.Work, null, null, "exec", file);

        Assert.Equal(0, exit);
        Assert.Equal("2.5\n", output);
    }

    [LinuxFact]
    public async Task Exec_Stdin_Runs()
    {
        var (exit, output, _) = await CliProcess.RunAsync(fixture.World.Work, "print('from stdin')\n", null, "exec", "-");

        Assert.Equal(0, exit);
        Assert.Equal("from stdin\n", output);
    }

    [LinuxFact]
    public async Task Exec_Json_PrintsExactlyOneSnakeCaseObject()
    {
        var (exit, output, _) = await CliProcess.RunAsync(fixture.World.Work, null, null, "exec", "--json", "--mode", "exec", "--code", "print('hi')");

        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        foreach (var key in new[] { "execution_id", "instruction", "success", "code", "output", "error", "execution_time", "timestamp", "status", "security_mode", "execution_mode", "sandbox" })
        {
            Assert.True(root.TryGetProperty(key, out _), $"missing '{key}' in {output}");
        }

        Assert.True(root.GetProperty("success").GetBoolean());
        Assert.Equal("hi\n", root.GetProperty("output").GetString());
        Assert.Equal("succeeded", root.GetProperty("status").GetString());
        Assert.Equal("safe", root.GetProperty("security_mode").GetString());
        Assert.Equal("exec", root.GetProperty("execution_mode").GetString());
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [LinuxFact]
    public async Task Exec_Violation_ExitsOne_WithTheMessage()
    {
        var (exit, output, error) = await CliProcess.RunAsync(fixture.World.Work, null, null, "exec", "--code", "import os\nos.system('id')");

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("policy violation", error, StringComparison.Ordinal);
        Assert.Contains("os.system", error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Exec_Timeout_ExitsOne()
    {
        var (exit, _, error) = await CliProcess.RunAsync(fixture.World.Work, null, null, "exec", "--timeout", "1", "--code", "while True: pass");

        Assert.Equal(1, exit);
        Assert.Contains("timed out", error, StringComparison.Ordinal);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("exec")]
    [InlineData("exec", "--security", "lax", "--code", "1")]
    [InlineData("exec", "--timeout", "-3", "--code", "1")]
    [InlineData("exec", "/no/such/file.py")]
    [InlineData("exec", "a.py", "--code", "1")]
    [InlineData("exec", "--python", "/no/python", "--code", "1")]
    [InlineData("frobnicate")]
    public async Task Exec_UsageErrors_ExitTwo_WithoutAStackTrace(params string[] args)
    {
        var (exit, _, error) = await CliProcess.RunAsync(fixture.World.Work, null, null, args);

        Assert.Equal(2, exit);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("--help")]
    [InlineData("exec", "--help")]
    public async Task Help_IsShown_ForEveryCommand(params string[] args)
    {
        var (exit, output, _) = await CliProcess.RunAsync(fixture.World.Work, null, null, args);

        Assert.Equal(0, exit);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [LinuxTheory]
    [InlineData("subprocess")]
    [InlineData("exec")]
    public async Task Exec_WhenTheCliIsKilled_TheRunDiesWithIt(string mode)
    {
        var marker = $"{Random.Shared.Next(1000, 9000)}.{Random.Shared.Next(100000, 999999)}";
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = fixture.World.Work };
        foreach (var arg in new[] { CliProcess.Assembly, "exec", "--security", "permissive", "--mode", mode, "--timeout", "60", "--code",
            $"import subprocess, time\nsubprocess.Popen(['sleep', '{marker}'])\nprint('ready', flush=True)\ntime.sleep(60)" })
        {
            start.ArgumentList.Add(arg);
        }

        using var cli = System.Diagnostics.Process.Start(start)!;
        Assert.Equal("ready", await cli.StandardOutput.ReadLineAsync());
        Assert.NotEmpty(ProcessTable.WithCommandLineContaining(marker));

        cli.Kill(); // SIGKILL: the CLI gets no chance to clean up; the runner notices its request pipe closing
        await cli.WaitForExitAsync();

        Assert.Empty(await ProcessTable.SurvivorsAsync(marker, TimeSpan.FromSeconds(5)));
    }

    [BwrapFact]
    public async Task Exec_ApiKeyOfTheCliProcess_IsInvisible_EvenToPermissiveCode()
    {
        var key = $"sk-cli-{Guid.NewGuid():N}";
        var scan = "import glob\nhits = []\nfor p in glob.glob('/proc/*/environ') + glob.glob('/proc/*/cmdline'):\n" +
                   "    try:\n        hits.append(open(p, 'rb').read())\n    except Exception:\n        pass\nprint(b''.join(hits).decode('latin-1'))";
        var environment = new Dictionary<string, string> { ["OPENAI_API_KEY"] = key };

        foreach (var security in new[] { "safe", "permissive" })
        {
            var (_, output, error) = await CliProcess.RunAsync(fixture.World.Work, null, environment, "exec", "--security", security, "--code", scan);

            Assert.DoesNotContain(key, output, StringComparison.Ordinal);
            Assert.DoesNotContain(key, error, StringComparison.Ordinal);
        }
    }

    /// <summary>Files the code writes come back: one line each, copied into --output-dir, listed by --json; the working
    /// directory is left as it was.</summary>
    [KernelLayersFact]
    public async Task Exec_WithOutputDir_CopiesTheFilesTheCodeWrote_AndListsThem()
    {
        var work = Directory.CreateTempSubdirectory("genai-cli-area-").FullName;
        var outputs = Path.Combine(work, "..", Path.GetFileName(work) + "-out");
        try
        {
            File.WriteAllText(Path.Combine(work, "in.txt"), "input");
            const string Code = "open('result.txt', 'w').write(open('in.txt').read().upper())\nprint('done')";

            var (exit, output, error) = await CliProcess.RunAsync(work, null, null, "exec", "--code", Code, "--output-dir", outputs);
            var (jsonExit, json, _) = await CliProcess.RunAsync(work, null, null, "exec", "--json", "--code", Code);

            Assert.Equal(0, exit);
            Assert.Equal("done\n", output);
            Assert.Equal("INPUT", File.ReadAllText(Path.Combine(outputs, "result.txt")));
            Assert.Contains($"result.txt  5 B  text/plain  → {Path.GetFullPath(Path.Combine(outputs, "result.txt"))}", error, StringComparison.Ordinal);
            Assert.Equal(["in.txt"], Directory.GetFiles(work).Select(Path.GetFileName));
            Assert.Equal(0, jsonExit);
            using var doc = JsonDocument.Parse(json);
            var artifact = doc.RootElement.GetProperty("artifacts")[0];
            Assert.Equal("result.txt", artifact.GetProperty("path").GetString());
            Assert.Equal("INPUT", File.ReadAllText(artifact.GetProperty("location").GetString()!));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
            if (Directory.Exists(outputs))
            {
                Directory.Delete(outputs, recursive: true);
            }
        }
    }
}
