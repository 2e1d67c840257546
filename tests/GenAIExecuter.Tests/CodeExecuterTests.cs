using System.Text.RegularExpressions;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests;

public sealed partial class CodeExecuterTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [LinuxFact]
    public async Task ExecuteCode_Factorial_ReportsEveryField()
    {
        await using var executer = new CodeExecuter(new CodeExecuterOptions { WorkingDirectory = fixture.World.Work });

        var result = await executer.ExecuteCodeAsync("import math\nprint(math.factorial(10))", timeout: TimeSpan.FromSeconds(10));

        Assert.True(result.Success);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("3628800\n", result.Output);
        Assert.Equal(string.Empty, result.Error);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(SecurityMode.Safe, result.SecurityMode);
        Assert.Equal(ExecutionMode.Subprocess, result.ExecutionMode);
        Assert.Matches(IdPattern(), result.ExecutionId);
        Assert.True(result.ExecutionTime > TimeSpan.Zero);
        Assert.Contains("static-policy", result.Sandbox.Layers);
        Assert.Contains("runtime-guard", result.Sandbox.Layers);
        Assert.True(Platform.WhyNoBwrap is null == result.Sandbox.Layers.Contains("bubblewrap"), $"layers: {string.Join(",", result.Sandbox.Layers)}; {result.Sandbox.IsolationUnavailableReason}");
        Assert.Matches(@"^3\.\d+\.\d+$", result.Sandbox.PythonVersion);
    }

    [LinuxFact]
    public async Task ExecuteCode_RuntimeError_ReportsTracebackAndType()
    {
        var executer = fixture.Get(SecurityMode.Safe, ExecutionMode.Subprocess, isolation: false);

        var result = await executer.ExecuteCodeAsync("x = 1\nprint('before')\ny = x / 0");

        Assert.Equal(ExecutionStatus.RuntimeError, result.Status);
        Assert.Equal("ZeroDivisionError", result.ErrorType);
        Assert.Equal("before\n", result.Output);
        Assert.Contains("line 3", result.Error, StringComparison.Ordinal);
        Assert.Contains("ZeroDivisionError: division by zero", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("genai_runner", result.Error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task ExecuteCode_SyntaxError_IsARuntimeErrorWithTheLine()
    {
        var executer = fixture.Get(SecurityMode.Safe, ExecutionMode.Subprocess, isolation: false);

        var result = await executer.ExecuteCodeAsync("print('a')\nif True print('b')");

        Assert.Equal(ExecutionStatus.RuntimeError, result.Status);
        Assert.Equal("SyntaxError", result.ErrorType);
        Assert.Contains("line 2", result.Error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task ExecuteCode_StaticViolation_RunsNothing_AndNamesRuleAndLine()
    {
        var executer = fixture.Get(SecurityMode.Safe, ExecutionMode.Subprocess, isolation: false);

        var result = await executer.ExecuteCodeAsync("print('this must not print')\nimport subprocess");

        Assert.Equal(ExecutionStatus.PolicyViolation, result.Status);
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal(new PolicyViolation("no-subprocess", 2, result.Violation!.Message, "static-policy"), result.Violation);
        Assert.StartsWith("Line 2: importing 'subprocess'", result.Violation.Message, StringComparison.Ordinal);
        Assert.Null(result.ExitCode);
    }

    [LinuxFact]
    public async Task SetSecurityMode_SwitchesTheNextRuns()
    {
        await using var executer = ExecuterConfigurations.Create(fixture.World.Work, SecurityMode.Safe, ExecutionMode.Subprocess, isolation: false);
        var target = Path.Combine(fixture.World.Outside, $"mode-{Guid.NewGuid():N}");
        var code = $"import pathlib\npathlib.Path('{target}').write_text('x')";

        var safe = await executer.ExecuteCodeAsync(code);
        executer.SetSecurityMode(SecurityMode.Permissive);
        var permissive = await executer.ExecuteCodeAsync(code);

        Assert.Equal(ExecutionStatus.PolicyViolation, safe.Status);
        Assert.True(permissive.Success, permissive.Error);
        Assert.Equal(SecurityMode.Permissive, executer.SecurityMode);
        Assert.True(File.Exists(target));
    }

    [LinuxFact]
    public async Task ExecuteCode_SaveExecution_WritesTheRecordThatGetExecutionReads()
    {
        var folder = Path.Combine(fixture.World.Root, $"history-{Guid.NewGuid():N}");
        await using var executer = ExecuterConfigurations.Create(fixture.World.Work, SecurityMode.Safe, ExecutionMode.Subprocess, isolation: false, o => o.ExecutionsDirectory = folder);

        var saved = await executer.ExecuteCodeAsync("print('kept')", saveExecution: true);
        var unsaved = await executer.ExecuteCodeAsync("print('not kept')");

        Assert.Equal(Path.Combine(folder, saved.ExecutionId + "_OK.json"), saved.SavedTo);
        Assert.Null(unsaved.SavedTo);
        var loaded = executer.GetExecution(saved.ExecutionId)!;
        Assert.Equal("kept\n", loaded.Output);
        Assert.Equal(saved.Sandbox.Layers, loaded.Sandbox.Layers);
        Assert.Single(loaded.Attempts);
        Assert.Equal([saved.ExecutionId], executer.ListExecutions().Select(e => e.ExecutionId));
        Assert.Equal(1, executer.ClearExecutions());
    }

    [LinuxFact]
    public async Task ExecuteCode_SaveFails_TheResultIsStillReturned()
    {
        var blocker = Path.Combine(fixture.World.Root, $"blocker-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(blocker, "a file where the history folder should be");
        await using var executer = ExecuterConfigurations.Create(fixture.World.Work, SecurityMode.Safe, ExecutionMode.Subprocess, isolation: false, o => o.ExecutionsDirectory = Path.Combine(blocker, "executions"));

        var result = await executer.ExecuteCodeAsync("print(7)", saveExecution: true);

        Assert.True(result.Success);
        Assert.Equal("7\n", result.Output);
        Assert.Null(result.SavedTo);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ExecuteCode_MissingPython_ThrowsWithHowToFix()
    {
        await using var executer = new CodeExecuter(new CodeExecuterOptions { Python = "/nonexistent/python3" });

        var error = await Assert.ThrowsAsync<PythonNotFoundException>(() => executer.ExecuteCodeAsync("print(1)"));

        Assert.Contains("/nonexistent/python3", error.Message, StringComparison.Ordinal);
        Assert.Contains("--python", error.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task RequireIsolation_WithoutIsolation_Refuses()
    {
        await using var executer = ExecuterConfigurations.Create(fixture.World.Work, SecurityMode.Safe, ExecutionMode.Subprocess, isolation: false, o => o.RequireIsolation = true);

        var error = await Assert.ThrowsAsync<IsolationUnavailableException>(() => executer.ExecuteCodeAsync("print(1)"));

        Assert.Contains("RequireIsolation", error.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task WithoutIsolation_TheReportSaysWhy()
    {
        var executer = fixture.Get(SecurityMode.Safe, ExecutionMode.Subprocess, isolation: false);

        var report = await executer.GetSandboxReportAsync();

        Assert.False(report.Isolated);
        Assert.DoesNotContain("bubblewrap", report.Layers);
        Assert.False(string.IsNullOrEmpty(report.IsolationUnavailableReason));
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task Options_BadTimeout_IsAConfigurationError(int seconds)
    {
        var error = Assert.Throws<ConfigurationException>(() => new CodeExecuter(new CodeExecuterOptions { Timeout = TimeSpan.FromSeconds(seconds) }));

        Assert.Contains("Timeout", error.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Options_BadLimit_NamesTheSetting()
    {
        var options = new CodeExecuterOptions();
        options.Limits.MaxOutputBytes = 10;

        var error = Assert.Throws<ConfigurationException>(() => new CodeExecuter(options));

        Assert.Contains("ResourceLimits.MaxOutputBytes", error.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ExecutionIds_AreUniqueAndIncreasing_WithinOneMicrosecond()
    {
        var frozen = new FrozenTimeProvider(new DateTimeOffset(2026, 2, 3, 19, 7, 8, 59, 131, TimeSpan.Zero));
        var ids = new ExecutionIdGenerator(frozen);

        var made = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => Task.Run(() => ids.Next().Id)));

        Assert.Equal(1000, made.Distinct().Count());
        Assert.All(made, id => Assert.Matches(IdPattern(), id));
        Assert.StartsWith("20260203_190708_", made.Min(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\d{8}_\d{6}_\d{6}$")]
    private static partial Regex IdPattern();

    private sealed class FrozenTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
    }
}
