using System.Text.Json;
using GenAIExecuter.Tests.History;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Cli;

/// <summary><c>genai-exec history</c> and <c>exec --save</c> end to end, as real processes.</summary>
public sealed class HistoryCommandTests : IDisposable
{
    private readonly HistoryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [LinuxFact]
    public async Task ExecSave_ThenListShowAndClear_WorkOnTheSameFolder()
    {
        var dir = Path.Combine(_folder.Path, "executions");
        var (saveExit, _, _) = await Cli("exec", "--save", "--executions-dir", dir, "--code", "print('first')");
        await Cli("exec", "--save", "--executions-dir", dir, "--code", "1/0");
        Assert.Equal(0, saveExit);

        var (listExit, table, _) = await Cli("history", "list", "--executions-dir", dir);
        var (_, json, _) = await Cli("history", "list", "--json", "--executions-dir", dir);
        using var records = JsonDocument.Parse(json);
        var ids = records.RootElement.EnumerateArray().Select(r => r.GetProperty("execution_id").GetString()!).ToList();
        var (showExit, shown, _) = await Cli("history", "show", ids[1][..18], "--executions-dir", dir);
        var (showJsonExit, shownJson, _) = await Cli("history", "show", ids[0], "--json", "--executions-dir", dir);
        var (clearExit, _, cleared) = await Cli("history", "clear", "--keep-recent", "1", "--executions-dir", dir);

        Assert.Equal(0, listExit);
        Assert.Contains("RuntimeError", table, StringComparison.Ordinal);
        Assert.Contains("(code) print('first')", table, StringComparison.Ordinal);
        Assert.Equal(2, ids.Count);
        Assert.Equal("succeeded", records.RootElement[1].GetProperty("status").GetString()); // newest first
        Assert.Equal(0, showExit);
        Assert.Contains("first", shown, StringComparison.Ordinal);
        Assert.Equal(0, showJsonExit);
        Assert.Equal("runtime_error", JsonDocument.Parse(shownJson).RootElement.GetProperty("status").GetString());
        Assert.Equal(0, clearExit); // stdin is not a terminal, so it does not ask
        Assert.Contains("Deleted 1 execution", cleared, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(dir));
    }

    [LinuxFact]
    public async Task HistoryList_ShowsSkippedFilesAsWarnings()
    {
        var history = _folder.History;
        history.Save(HistoryFolder.Sample("20260203_190708_000001"));
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "20260203_190708_000002_OK.json"), "garbage");

        var (exit, output, error) = await Cli("history", "list", "--executions-dir", _folder.Path);

        Assert.Equal(0, exit);
        Assert.Contains("20260203_190708_000001", output, StringComparison.Ordinal);
        Assert.Contains("warning: skipped", error, StringComparison.Ordinal);
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("history", "show", "1999")]
    [InlineData("history", "show", "2026")]
    [InlineData("history", "list", "--limit", "0")]
    public async Task History_Mistakes_ExitTwo_WithAClearMessage(params string[] args)
    {
        var history = _folder.History;
        history.Save(HistoryFolder.Sample("20260203_190708_000001"));
        history.Save(HistoryFolder.Sample("20260203_190708_000002"));

        var (exit, _, error) = await Cli([.. args, "--executions-dir", _folder.Path]);

        Assert.Equal(2, exit);
        Assert.StartsWith("error:", error, StringComparison.Ordinal);
    }

    private Task<(int ExitCode, string Output, string Error)> Cli(params string[] args) =>
        CliProcess.RunAsync(_folder.Path, null, null, args);
}
