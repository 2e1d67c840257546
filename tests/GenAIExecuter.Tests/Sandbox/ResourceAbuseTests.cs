using System.Diagnostics;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox;

/// <summary>Resource abuse: every run ends in time, within its limits, and leaves no process behind.</summary>
[Collection(TimingSensitive.Name)]
public sealed class ResourceAbuseTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    public static TheoryData<string> Configurations => new()
    {
        "safe-subprocess-bwrap", "safe-exec-bwrap", "safe-subprocess-guard", "safe-exec-guard",
        "permissive-subprocess", "permissive-exec", "permissive-subprocess-raw", "permissive-exec-raw",
    };

    public static TheoryData<string> PermissiveConfigurations => new()
    {
        "permissive-subprocess", "permissive-exec", "permissive-subprocess-raw", "permissive-exec-raw",
    };

    [LinuxTheory]
    [MemberData(nameof(Configurations))]
    public async Task InfiniteLoop_TimesOut_WithinTimeoutPlusOneSecond(string configuration)
    {
        var executer = Executer(configuration);
        var timeout = TimeSpan.FromSeconds(1);
        Assert.True((await executer.ExecuteCodeAsync("pass")).Success); // the sandbox is started: what follows times the run alone
        var clock = Stopwatch.StartNew();

        var result = await executer.ExecuteCodeAsync("print('started', flush=True)\nwhile True:\n    pass", timeout);

        clock.Stop();
        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal("started\n", result.Output); // partial output is kept
        Assert.Contains("Timed out after 1 s", result.Error, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < timeout + TimeSpan.FromSeconds(1), $"returned after {clock.Elapsed}");
        Assert.Equal(ExecutionStatus.Succeeded, (await executer.ExecuteCodeAsync("print(1)")).Status); // and it recovers
    }

    [LinuxTheory]
    [MemberData(nameof(PermissiveConfigurations))]
    public async Task BackgroundProcesses_AreKilled_WhenTheProgramEnds(string configuration)
    {
        var marker = UniqueSleep();
        var code = $"import subprocess\nsubprocess.Popen(['sleep', '{marker}'])\n" +
                   $"subprocess.Popen(['sh', '-c', 'setsid sleep {marker} & exit 0']).wait()\nprint('spawned')";
        var result = await Executer(configuration).ExecuteCodeAsync(code);

        Assert.True(result.Success, result.Error);
        Assert.Empty(await ProcessTable.SurvivorsAsync(marker, TimeSpan.FromSeconds(2)));
    }

    [LinuxTheory]
    [MemberData(nameof(PermissiveConfigurations))]
    public async Task BackgroundProcesses_AreKilled_WhenTheRunTimesOut(string configuration)
    {
        var marker = UniqueSleep();
        var code = $"import subprocess, os\nif os.fork() == 0:\n    os.setsid()\n    subprocess.Popen(['sleep', '{marker}'])\n    os._exit(0)\n" +
                   "while True:\n    pass";
        var result = await Executer(configuration).ExecuteCodeAsync(code, TimeSpan.FromSeconds(1));

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Empty(await ProcessTable.SurvivorsAsync(marker, TimeSpan.FromSeconds(2)));
    }

    [LinuxFact]
    public async Task Cancellation_KillsTheTree_AndThrows()
    {
        var marker = UniqueSleep();
        using var cancel = new CancellationTokenSource();
        var executer = Executer("permissive-subprocess-raw");
        var progress = new SignalingProgress("ready", cancel.Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => executer.ExecuteCodeAsync(
            $"import subprocess, time\nsubprocess.Popen(['sleep', '{marker}'])\nprint('ready', flush=True)\ntime.sleep(60)",
            TimeSpan.FromSeconds(30), output: progress, cancellationToken: cancel.Token));

        Assert.Empty(await ProcessTable.SurvivorsAsync(marker, TimeSpan.FromSeconds(2)));
    }

    [BwrapFact]
    public async Task SafeSubprocess_SandboxProcessIsGone_AfterTimeout()
    {
        var marker = Directory.CreateTempSubdirectory("genai-marker-").FullName;
        await using var executer = ExecuterConfigurations.Create(fixture.World.Work, SecurityMode.Safe, ExecutionMode.Subprocess, isolation: true, o =>
        {
            o.ReadOnlyPaths.Add(marker); // appears on bubblewrap's command line, so we can find the sandbox
            o.PrestartedProcesses = 0;
        });

        var result = await executer.ExecuteCodeAsync("while True:\n    pass", TimeSpan.FromSeconds(1));

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Empty(await ProcessTable.SurvivorsAsync(marker, TimeSpan.FromSeconds(2)));
        Directory.Delete(marker);
    }

    [LinuxTheory]
    [InlineData("x = bytearray(4 * 1024 ** 3)")]
    [InlineData("a = []\nwhile True:\n    a.append(' ' * 10 ** 6)")]
    public async Task MemoryBomb_FailsWithMemoryError(string code)
    {
        await using var executer = Limited(o => o.Limits.MemoryBytes = 256L << 20);

        var result = await executer.ExecuteCodeAsync(code);

        Assert.Equal(ExecutionStatus.RuntimeError, result.Status);
        Assert.Equal("MemoryError", result.ErrorType);
    }

    [LinuxTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ForkBomb_IsAPolicyViolation(bool staticPolicy)
    {
        var marker = UniqueSleep();
        var executer = fixture.Get(SecurityMode.Safe, ExecutionMode.Subprocess, isolation: false, staticPolicy);

        var result = await executer.ExecuteCodeAsync($"import os\nwhile True:\n    os.fork()\n    os.execv('/bin/sleep', ['sleep', '{marker}'])");

        Assert.Equal(ExecutionStatus.PolicyViolation, result.Status);
        Assert.Equal("no-subprocess", result.Violation!.Rule);
        Assert.Empty(ProcessTable.WithCommandLineContaining(marker));
    }

    [LinuxTheory]
    [InlineData(ExecutionMode.Subprocess)]
    [InlineData(ExecutionMode.Exec)]
    public async Task OutputFlood_IsCapped_WithAVisibleMarker(ExecutionMode mode)
    {
        await using var executer = Limited(o =>
        {
            o.Limits.MaxOutputBytes = 64 * 1024;
            o.ExecutionMode = mode;
        });

        var result = await executer.ExecuteCodeAsync("while True:\n    print('x' * 1000)", TimeSpan.FromSeconds(2));

        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.True(result.OutputTruncated);
        Assert.Contains("[output truncated:", result.Output, StringComparison.Ordinal);
        Assert.True(result.Output.Length < (64 * 1024) + 200, $"kept {result.Output.Length} chars");
    }

    [LinuxFact]
    public async Task DiskFill_InScratch_StopsAtTheFileSizeLimit()
    {
        await using var executer = Limited(o => o.Limits.FileSizeBytes = 1 << 20);

        var result = await executer.ExecuteCodeAsync("import tempfile\nwith tempfile.TemporaryFile() as f:\n    while True:\n        f.write(b'x' * 65536)\n        f.flush()");

        Assert.Equal(ExecutionStatus.RuntimeError, result.Status);
        Assert.Contains("File too large", result.Error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task CpuBurn_IsStoppedByTheCpuLimit_BeforeTheTimeout()
    {
        await using var executer = Limited(o => o.Limits.CpuTime = TimeSpan.FromSeconds(1));

        var result = await executer.ExecuteCodeAsync("while True:\n    pass", TimeSpan.FromSeconds(30));

        Assert.Equal(ExecutionStatus.RuntimeError, result.Status);
        Assert.Equal(-24, result.ExitCode); // SIGXCPU
        Assert.Contains("CPU time limit exceeded", result.Error, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task OpenFiles_AreLimited()
    {
        await using var executer = Limited(o => o.Limits.MaxOpenFiles = 32);

        var result = await executer.ExecuteCodeAsync("fs = [open('/etc/hostname') for _ in range(1000)]");

        Assert.Equal(ExecutionStatus.RuntimeError, result.Status);
        Assert.Contains("Too many open files", result.Error, StringComparison.Ordinal);
    }

    private static string UniqueSleep() => $"{Random.Shared.Next(1000, 9000)}.{Random.Shared.Next(100000, 999999)}";

    private CodeExecuter Limited(Action<CodeExecuterOptions> configure) =>
        ExecuterConfigurations.Create(fixture.World.Work, SecurityMode.Safe, ExecutionMode.Subprocess, Platform.WhyNoBwrap is null, configure);

    private CodeExecuter Executer(string configuration) => configuration switch
    {
        "safe-subprocess-bwrap" => fixture.Get(SecurityMode.Safe, ExecutionMode.Subprocess, isolation: true),
        "safe-exec-bwrap" => fixture.Get(SecurityMode.Safe, ExecutionMode.Exec, isolation: true),
        "safe-subprocess-guard" => fixture.Get(SecurityMode.Safe, ExecutionMode.Subprocess, isolation: false),
        "safe-exec-guard" => fixture.Get(SecurityMode.Safe, ExecutionMode.Exec, isolation: false),
        "permissive-subprocess" => fixture.Get(SecurityMode.Permissive, ExecutionMode.Subprocess, isolation: true),
        "permissive-exec" => fixture.Get(SecurityMode.Permissive, ExecutionMode.Exec, isolation: true),
        "permissive-subprocess-raw" => fixture.Get(SecurityMode.Permissive, ExecutionMode.Subprocess, isolation: false),
        "permissive-exec-raw" => fixture.Get(SecurityMode.Permissive, ExecutionMode.Exec, isolation: false),
        _ => throw new ArgumentException(configuration, nameof(configuration)),
    };
}
