using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox;

/// <summary>The fork server: nothing one run leaves is visible to the next, runs are concurrent, and it recovers from crashes.</summary>
public sealed class ExecModeTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    public static TheoryData<SecurityMode, bool> Configurations => new()
    {
        { SecurityMode.Safe, true }, { SecurityMode.Safe, false }, { SecurityMode.Permissive, true }, { SecurityMode.Permissive, false },
    };

    [LinuxTheory]
    [MemberData(nameof(Configurations))]
    public async Task NothingOneRunLeaves_IsVisibleToTheNext(SecurityMode security, bool isolation)
    {
        var executer = Get(security, isolation);
        var first = await executer.ExecuteCodeAsync(
            "import json, tempfile, os\nleaked = 42\njson.dumps = lambda *a, **k: 'patched'\n" +
            "f = tempfile.NamedTemporaryFile(delete=False)\nf.write(b'x'); f.close()\nos.environ['LEAK'] = '1'\nprint(f.name)");
        Assert.True(first.Success, first.Error);
        var leftover = first.Output.Trim();

        var second = await executer.ExecuteCodeAsync(
            $"import json, os\nprint('leaked' in dir(), json.dumps(1), os.path.exists('{leftover}'), 'LEAK' in os.environ)");

        Assert.True(second.Success, second.Error);
        Assert.Equal("False 1 False False\n", second.Output);
    }

    [LinuxTheory]
    [MemberData(nameof(Configurations))]
    public async Task ConcurrentRuns_EachGetTheirOwnOutput(SecurityMode security, bool isolation)
    {
        var executer = Get(security, isolation);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => executer.ExecuteCodeAsync(
            $"import time\nfor k in range(3):\n    print('run {i}', k, flush=True)\n    time.sleep(0.05)")));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.True(results[i].Success, results[i].Error);
            Assert.Equal($"run {i} 0\nrun {i} 1\nrun {i} 2\n", results[i].Output);
        }
    }

    [LinuxTheory]
    [InlineData("import os\nos._exit(3)", 3)]
    [InlineData("import sys\nsys.stdout.flush()\nraise SystemExit(5)", 5)]
    public async Task ACrashingRun_EndsThatRunOnly(string code, int exitCode)
    {
        var executer = Get(SecurityMode.Safe, Platform.WhyNoBwrap is null);

        var crashed = await executer.ExecuteCodeAsync(code);
        var next = await executer.ExecuteCodeAsync("print('alive')");

        Assert.Equal(ExecutionStatus.RuntimeError, crashed.Status);
        Assert.Equal(exitCode, crashed.ExitCode);
        Assert.Equal("alive\n", next.Output);
    }

    [LinuxTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task KillingTheServer_FailsNoLaterRun(bool isolation)
    {
        // A folder of its own, so the server's processes can be found by their working directory.
        var work = Directory.CreateDirectory(Path.Combine(fixture.World.Root, $"kill-{Guid.NewGuid():N}")).FullName;
        await using var executer = ExecuterConfigurations.Create(work, SecurityMode.Permissive, ExecutionMode.Exec, isolation);
        await executer.ExecuteCodeAsync("print('started')");
        var server = ProcessTable.WithWorkingDirectory(work);
        // The worker's parent is the fork server.
        var kill = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nprint('killed')";

        var killer = await executer.ExecuteCodeAsync(kill);
        var survivors = await ProcessTable.SurvivorsAmongAsync(server, TimeSpan.FromSeconds(5));
        var after = await executer.ExecuteCodeAsync("print('recovered')");

        Assert.NotEmpty(server);
        Assert.Empty(survivors); // the server really died, and took its prestarted worker with it
        Assert.True(killer.Status is ExecutionStatus.Succeeded or ExecutionStatus.SandboxError, killer.Error);
        Assert.Equal("recovered\n", after.Output);
        Assert.Empty(ProcessTable.WithWorkingDirectory(work).Intersect(server)); // by a new server
    }

    [LinuxFact]
    public async Task Output_IsReportedLive_BeforeTheRunEnds()
    {
        var executer = Get(SecurityMode.Safe, Platform.WhyNoBwrap is null);
        Task<ExecutionResult>? run = null;
        var completedWhenFirstSeen = true;
        var progress = new SignalingProgress("first", () => completedWhenFirstSeen = run?.IsCompleted ?? false);

        run = executer.ExecuteCodeAsync("import time\nprint('first', flush=True)\ntime.sleep(1)\nprint('second')", output: progress);
        var result = await run;

        Assert.False(completedWhenFirstSeen);
        Assert.Equal("first\nsecond\n", result.Output);
        Assert.Equal("first\nsecond\n", progress.Seen);
    }

    [BwrapFact]
    public async Task WorkingDirectoryAtTmp_StillHasAPrivateScratch()
    {
        await using var executer = ExecuterConfigurations.Create("/tmp", SecurityMode.Safe, ExecutionMode.Exec, isolation: true);

        var result = await executer.ExecuteCodeAsync("import tempfile\nwith tempfile.TemporaryFile() as f:\n    f.write(b'ok')\n    f.seek(0)\n    print(f.read().decode())");

        Assert.True(result.Success, result.Error);
        Assert.Equal("ok\n", result.Output);
    }

    private CodeExecuter Get(SecurityMode security, bool isolation) =>
        fixture.Get(security, ExecutionMode.Exec, isolation && Platform.WhyNoBwrap is null);
}
