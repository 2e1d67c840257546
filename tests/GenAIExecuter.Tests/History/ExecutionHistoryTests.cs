using System.Text.Json;
using GenAIExecuter.History;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.History;

public sealed class ExecutionHistoryTests : IDisposable
{
    private readonly HistoryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Save_ThenGet_RoundTripsEveryField()
    {
        var original = HistoryFolder.Sample(status: ExecutionStatus.PolicyViolation);

        var saved = _folder.History.Save(original);
        var loaded = _folder.History.Get(saved.ExecutionId)!;

        Assert.Equal(original.ToJson(), loaded.ToJson());
        Assert.Equal(original.Timestamp, loaded.Timestamp);
        Assert.Equal(original.ExecutionTime, loaded.ExecutionTime);
        Assert.Equal(original.Violation, loaded.Violation);
        Assert.Equal(original.Attempts, loaded.Attempts);
        Assert.Equal(original.Sandbox.Layers, loaded.Sandbox.Layers);
        Assert.Equal((original.Provider, original.Model, original.ExitCode, original.ErrorType), (loaded.Provider, loaded.Model, loaded.ExitCode, loaded.ErrorType));
        Assert.Equal(saved.SavedTo, loaded.SavedTo);
        await Task.CompletedTask;
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Save_WritesOneFileNamedByIdAndOutcome_WithSnakeCaseKeys()
    {
        var ok = _folder.History.Save(HistoryFolder.Sample("20260203_190708_059131"));
        var failed = _folder.History.Save(HistoryFolder.Sample("20260203_190708_059999", ExecutionStatus.RuntimeError));

        Assert.Equal(["20260203_190708_059131_OK.json", "20260203_190708_059999_FAIL.json"],
            Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(ok.SavedTo!));
        foreach (var key in new[] { "execution_id", "timestamp", "instruction", "code", "success", "output", "error", "execution_time", "provider", "model", "security_mode", "execution_mode", "schema_version", "status", "attempts", "sandbox" })
        {
            Assert.True(doc.RootElement.TryGetProperty(key, out _), $"missing '{key}'");
        }

        Assert.Equal("2026-02-03T19:07:08.059131+01:00", doc.RootElement.GetProperty("timestamp").GetString());
        Assert.False(failed.Success);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Save_TwoHundredConcurrentSavesOfOneId_GiveTwoHundredDistinctValidFiles()
    {
        var history = _folder.History;

        var saved = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            history.Save(HistoryFolder.Sample(status: i % 2 == 0 ? ExecutionStatus.Succeeded : ExecutionStatus.RuntimeError)))));

        Assert.Equal(200, saved.Select(s => s.ExecutionId).Distinct().Count());
        AssertFolderHoldsValidRecords(200);
    }

    [Fact(Timeout = TestTimeouts.Long)]
    public async Task Save_FromFourProcessesAtOnce_GiveDistinctValidFiles()
    {
        var processes = Enumerable.Range(0, 4).Select(_ => StressProcess.Start(_folder.Path, 50, "20260203_190708_000000", 100)).ToList();

        await Task.WhenAll(processes.Select(p => p.WaitForExitAsync()));

        Assert.All(processes, p => Assert.Equal(0, p.ExitCode));
        AssertFolderHoldsValidRecords(200);
        foreach (var p in processes)
        {
            p.Dispose();
        }
    }

    [Fact(Timeout = TestTimeouts.Long)]
    public async Task Save_KilledMidWrite_NeverLeavesAPartialRecord()
    {
        for (var round = 0; round < 12; round++)
        {
            using var saver = StressProcess.Start(_folder.Path, 100_000, $"20260203_1907{round:00}_000000", 2_000_000);
            Assert.Equal("ready", await saver.StandardOutput.ReadLineAsync());
            // After its first save (the first one pays for start-up, which on a busy machine can outlast any fixed
            // delay), a save takes some 15-40 ms: a random delay then lands anywhere in one.
            Assert.NotNull(await saver.StandardOutput.ReadLineAsync());
            await Task.Delay(Random.Shared.Next(0, 60));
            saver.Kill(); // SIGKILL, wherever it is: writing the temporary file, linking, or between the two
            await saver.WaitForExitAsync();
        }

        var records = Directory.GetFiles(_folder.Path, "*.json");
        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            var loaded = ExecutionResult.FromJson(await File.ReadAllTextAsync(record));
            Assert.Equal(2_000_000, loaded.Output.Length);
        }

        var page = _folder.History.List(limit: 1000);
        Assert.Empty(page.Skipped); // leftover temporary files are not records and are not reported
        Assert.Equal(records.Length, page.Executions.Count);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task List_SkipsCorruptAndForeignFiles_WithAReason()
    {
        var good = _folder.History.Save(HistoryFolder.Sample("20260203_190708_000001"));
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "20260203_190708_000002_OK.json"), "{ not json");
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "20260203_190708_000003_FAIL.json"), "[1, 2, 3]");
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "notes.json"), "{}");
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "readme.txt"), "hello");

        var page = _folder.History.List();

        Assert.Equal([good.ExecutionId], page.Executions.Select(e => e.ExecutionId));
        Assert.Equal(2, page.Skipped.Count);
        Assert.All(page.Skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task List_IsNewestFirst_WithLimitAndSuccessOnly()
    {
        var history = _folder.History;
        for (var i = 1; i <= 6; i++)
        {
            history.Save(HistoryFolder.Sample($"20260203_190708_00000{i}", i % 2 == 0 ? ExecutionStatus.Succeeded : ExecutionStatus.TimedOut));
        }

        Assert.Equal(["20260203_190708_000006", "20260203_190708_000005", "20260203_190708_000004"],
            history.List(3).Executions.Select(e => e.ExecutionId));
        Assert.Equal(["20260203_190708_000006", "20260203_190708_000004", "20260203_190708_000002"],
            history.List(10, successOnly: true).Executions.Select(e => e.ExecutionId));
        await Task.CompletedTask;
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Get_ByUniquePrefix_ByAmbiguousPrefix_AndMissing()
    {
        var history = _folder.History;
        history.Save(HistoryFolder.Sample("20260203_190708_111111"));
        history.Save(HistoryFolder.Sample("20260203_190709_222222"));
        history.Save(HistoryFolder.Sample("20260203_190709_333333"));

        Assert.Equal("20260203_190708_111111", history.Get("20260203_190708")!.ExecutionId);
        var ambiguous = Assert.Throws<AmbiguousExecutionIdException>(() => history.Get("20260203_190709"));
        Assert.Contains("2 executions", ambiguous.Message, StringComparison.Ordinal);
        Assert.Null(history.Get("2025"));
        await Task.CompletedTask;
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Clear_KeepsTheNewest_AndLeavesOtherFilesAlone()
    {
        var history = _folder.History;
        for (var i = 1; i <= 5; i++)
        {
            history.Save(HistoryFolder.Sample($"20260203_190708_00000{i}"));
        }

        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "keep-me.txt"), "mine");

        Assert.Equal(3, history.Clear(keepRecent: 2));
        Assert.Equal(["20260203_190708_000005", "20260203_190708_000004"], history.List().Executions.Select(e => e.ExecutionId));
        Assert.True(File.Exists(Path.Combine(_folder.Path, "keep-me.txt")));
        Assert.Equal(2, history.Clear());
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Get_ARecordWrittenByTheOriginalPythonModule_Loads()
    {
        const string original = """
            {"execution_id": "20260203_190708_059131", "timestamp": "2026-02-03T19:07:08.059131",
             "instruction": "Calculate the factorial of 10 and display the result",
             "code": "import math\nprint(math.factorial(10))", "success": true, "output": "3628800\n", "error": null,
             "execution_time": 0.0421, "provider": "gemini", "model": "gemini-3-flash-preview",
             "security_mode": "safe", "execution_mode": "subprocess"}
            """;
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "20260203_190708_059131_OK.json"), original);

        var loaded = _folder.History.Get("20260203_190708_059131")!;

        Assert.True(loaded.Success);
        Assert.Equal("3628800\n", loaded.Output);
        Assert.Equal(string.Empty, loaded.Error);
        Assert.Equal("gemini-3-flash-preview", loaded.Model);
        Assert.Equal(new DateTime(2026, 2, 3, 19, 7, 8).AddTicks(591310), loaded.Timestamp.DateTime);
        Assert.Equal(TimeSpan.FromSeconds(0.0421), loaded.ExecutionTime);
        Assert.Empty(loaded.Attempts);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Save_IntoAFolderThatCannotExist_ThrowsHistoryException()
    {
        var file = Path.Combine(_folder.Path, "a-file");
        await File.WriteAllTextAsync(file, "x");

        var error = Assert.Throws<HistoryException>(() => new ExecutionHistory(Path.Combine(file, "executions")).Save(HistoryFolder.Sample()));

        Assert.Contains("a-file", error.Message, StringComparison.Ordinal);
    }

    private void AssertFolderHoldsValidRecords(int expected)
    {
        var files = Directory.GetFiles(_folder.Path);
        Assert.Equal(expected, files.Length); // no temporary files left behind either
        var ids = files.Select(f => ExecutionResult.FromJson(File.ReadAllText(f)).ExecutionId).ToList();
        Assert.Equal(expected, ids.Distinct().Count());
        Assert.All(files, f => Assert.StartsWith(ExecutionResult.FromJson(File.ReadAllText(f)).ExecutionId, Path.GetFileName(f), StringComparison.Ordinal));
    }
}
