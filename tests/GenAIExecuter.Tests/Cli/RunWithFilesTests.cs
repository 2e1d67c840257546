using System.Text;
using System.Text.Json;
using GenAIExecuter.Tests.Sandbox.Files;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Cli;

/// <summary>Files in and out through the real <c>genai-exec</c>: <c>--file</c> and piped data reach the code and the
/// model's prompt, a chart and a CSV come back, the user's folder does not change, charts are drawn on terminals that can.</summary>
public sealed class RunWithFilesTests : IDisposable
{
    private const string Sales = "region,revenue\nNorth,10.5\nSouth,4\nNorth,2\nEast,7.25\n";

    private const string ChartAndCsv = """
        ```python
        import pandas as pd
        import matplotlib.pyplot as plt
        df = pd.read_csv("sales.csv")
        totals = df.groupby("region")["revenue"].sum()
        totals.to_csv("by_region.csv")
        totals.plot.bar(figsize=(4, 3))
        print(totals.to_dict())
        ```
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("genai-run-files-").FullName;

    public RunWithFilesTests()
    {
        Directory.CreateDirectory(Work);
        Directory.CreateDirectory(Path.Combine(_root, "data"));
        File.WriteAllText(Path.Combine(_root, "data", "sales.csv"), Sales);
        File.WriteAllText(Path.Combine(Work, "notes.txt"), "the user's own file");
    }

    private string Work => Path.Combine(_root, "work");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [DataStackFact]
    public async Task Run_WithAFile_GivesAChartAndACsv_TheModelSawTheColumns_AndTheFolderIsUnchanged()
    {
        await using var server = await FakeProviderServer.StartAsync(ChartAndCsv);
        var before = AreaWorld.Snapshot(Work);
        var outputDir = Path.Combine(_root, "out");

        var (exit, output, error) = await CliProcess.RunAsync(Work, null, null,
            "run", "total revenue by region, as a chart and a CSV", "--file", "../data/sales.csv", "--provider", "openai-compatible",
            "--base-url", server.Url + "/v1", "--python", SystemPython.Path, "--no-save", "--output-dir", outputDir, "--json");

        Assert.True(exit == 0, error + output);
        var prompt = server.Requests.Single().Body.ToJsonString();
        Assert.Contains("sales.csv (", prompt, StringComparison.Ordinal);
        Assert.Contains("region (text), revenue (decimal)", prompt, StringComparison.Ordinal);
        using var result = JsonDocument.Parse(output);
        Assert.Equal("{'East': 7.25, 'North': 12.5, 'South': 4.0}\n", result.RootElement.GetProperty("output").GetString());
        var artifacts = result.RootElement.GetProperty("artifacts").EnumerateArray().ToDictionary(a => a.GetProperty("path").GetString()!, a => a.GetProperty("location").GetString()!);
        Assert.Equal(["by_region.csv", "figure-1.png"], artifacts.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("region,revenue\nEast,7.25\nNorth,12.5\nSouth,4.0\n", File.ReadAllText(Path.Combine(outputDir, "by_region.csv")));
        Assert.Equal(Path.Combine(outputDir, "figure-1.png"), artifacts["figure-1.png"]);
        Assert.Equal((400, 300), Png.Size(artifacts["figure-1.png"]));
        Assert.Equal("(300, 400, 4)", await Png.DecodeAsync(artifacts["figure-1.png"]));
        Assert.Equal(before, AreaWorld.Snapshot(Work));
        Assert.Equal(Sales, File.ReadAllText(Path.Combine(_root, "data", "sales.csv")));
    }

    [LinuxFact]
    public async Task Run_WithPipedData_GivesItToTheCode_AsStdinCsv()
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nimport csv\nprint(sum(float(r['revenue']) for r in csv.DictReader(open('stdin.csv'))))\n```");

        var (exit, output, error) = await CliProcess.RunAsync(Work, Sales, null,
            "run", "total revenue", "--provider", "openai-compatible", "--base-url", server.Url + "/v1", "--no-save");

        Assert.True(exit == 0, error);
        Assert.Equal("23.75\n", output);
        Assert.Contains("input: stdin.csv (", error, StringComparison.Ordinal);
        Assert.Contains("stdin.csv (", server.Requests.Single().Body.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>A program that starts <c>run</c> with an open pipe it never writes to (as agents and CI runners do) does
    /// not hang it: after a second of silence the pipe is passed over, and the run says so.</summary>
    [LinuxFact]
    public async Task Run_WithAnOpenSilentPipe_DoesNotHang()
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nprint('no input needed')\n```");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Work,
        };
        foreach (var arg in new[] { CliProcess.Assembly, "run", "say something", "--provider", "openai-compatible", "--base-url", server.Url + "/v1", "--no-save" })
        {
            start.ArgumentList.Add(arg);
        }

        CliProcess.SetEnvironment(start, null);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await process.WaitForExitAsync(patience.Token); // the pipe stays open all along

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("no input needed\n", await output);
        Assert.Contains("standard input is open but sent nothing", await error, StringComparison.Ordinal);
        Assert.DoesNotContain("Input files", server.Requests.Single().Body.ToJsonString(), StringComparison.Ordinal);
    }

    [LinuxTheory]
    [InlineData("run")]
    [InlineData("exec")]
    public async Task AMissingFile_ExitsTwo_BeforeAnythingIsAskedOrRun(string command)
    {
        await using var server = await FakeProviderServer.StartAsync("```python\nopen('ran.txt', 'w')\n```");
        string[] args = command == "run"
            ? ["run", "anything", "--file", "missing.csv", "--provider", "openai-compatible", "--base-url", server.Url + "/v1", "--no-save"]
            : ["exec", "--code", "open('ran.txt', 'w')", "--file", "missing.csv", "--security", "permissive"];

        var (exit, output, error) = await CliProcess.RunAsync(Work, null, null, args);

        Assert.Equal(2, exit);
        Assert.Equal("error: The input file 'missing.csv' does not exist.\n", error);
        Assert.Empty(output);
        Assert.Empty(server.Requests);
        Assert.False(File.Exists(Path.Combine(Work, "ran.txt")));
    }

    private const string Figure = "import matplotlib.pyplot as plt\nplt.figure(figsize=(2, 1.5))\nplt.plot([1, 3, 2])\nprint('drawn')";

    [DataStackFact]
    public async Task Exec_OnAKittyTerminal_DrawsTheChartInline()
    {
        var environment = new Dictionary<string, string> { ["TERM"] = "xterm-kitty" };

        var (exit, screen) = await TerminalProcess.RunAsync(Work, null, environment, "exec", "--code", Figure, "--python", SystemPython.Path);

        Assert.True(exit == 0, screen);
        var start = screen.IndexOf("\u001b_Gf=100,a=T,", StringComparison.Ordinal);
        Assert.True(start >= 0, screen);
        var data = new StringBuilder();
        foreach (var piece in screen[start..].Split("\u001b_G", StringSplitOptions.RemoveEmptyEntries))
        {
            var payload = piece[(piece.IndexOf(';', StringComparison.Ordinal) + 1)..piece.IndexOf("\u001b\\", StringComparison.Ordinal)];
            data.Append(payload);
            if (piece.StartsWith("m=0", StringComparison.Ordinal) || piece.Contains(",m=0;", StringComparison.Ordinal))
            {
                break;
            }
        }

        Assert.Equal((200, 150), Png.Size(Convert.FromBase64String(data.ToString())));
    }

    [DataStackFact]
    public async Task Exec_WhenNotATerminal_DrawsNothing_AndPrintsThePath()
    {
        var environment = new Dictionary<string, string> { ["TERM"] = "xterm-kitty", ["GENAI_EXEC_IMAGES"] = "kitty" };

        var (exit, _, error) = await CliProcess.RunAsync(Work, null, environment, "exec", "--code", Figure, "--python", SystemPython.Path);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("\u001b", error, StringComparison.Ordinal);
        Assert.Contains("figure-1.png", error, StringComparison.Ordinal);
        Assert.Contains("image/png", error, StringComparison.Ordinal);
    }
}
