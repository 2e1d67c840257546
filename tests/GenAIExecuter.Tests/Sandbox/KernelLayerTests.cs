using System.Globalization;
using GenAIExecuter.Sandbox;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox;

/// <summary>What SAFE mode's kernel layers add beyond the attack suite: results the code cannot forge, a fork server
/// whose pipes no run can reach, the working directory's files seen as they are now, and the layers reported.</summary>
public sealed class KernelLayerTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    public static TheoryData<ExecutionMode, bool, bool> Configurations => new()
    {
        { ExecutionMode.Subprocess, true, true }, { ExecutionMode.Exec, true, true },
        { ExecutionMode.Subprocess, false, true }, { ExecutionMode.Exec, false, true },
        { ExecutionMode.Exec, false, false }, { ExecutionMode.Exec, true, false },
    };

    public static TheoryData<bool, bool> ExecConfigurations => new() { { true, true }, { false, true }, { true, false }, { false, false } };

    /// <summary>The code writes "done" on the worker's status pipe and closes its output, then keeps running: the
    /// result may come at once, but the code must not outlive it.</summary>
    [KernelLayersTheory]
    [MemberData(nameof(Configurations))]
    public async Task AForgedEnd_DoesNotLetTheCodeOutliveItsResult(ExecutionMode mode, bool isolation, bool inProcessLayers)
    {
        var folder = Directory.CreateDirectory(Path.Combine(fixture.World.Work, $"forge-{Guid.NewGuid():N}")).FullName;
        var executer = Executer(mode, isolation, inProcessLayers);

        var result = await executer.ExecuteCodeAsync(
            $"import os, time\nos.chdir('{Path.GetFileName(folder)}')\nprint('answer', flush=True)\nos.write(3, b'done=0\\n')\n" +
            "for fd in (0, 1, 2, 3):\n    os.close(fd)\ntime.sleep(30)", TimeSpan.FromSeconds(10));

        Assert.Equal("answer\n", result.Output);
        Assert.Empty(await ProcessTable.SurvivorsInAsync(folder, TimeSpan.FromSeconds(1)));
    }

    /// <summary>A run tries to write a request of its own (PERMISSIVE, code of its choosing) into the fork server's
    /// request pipe through /proc; the runs after it must run exactly their own code.</summary>
    [KernelLayersTheory]
    [MemberData(nameof(ExecConfigurations))]
    public async Task ARun_CannotReachTheForkServersPipes(bool isolation, bool inProcessLayers)
    {
        var executer = Executer(ExecutionMode.Exec, isolation, inProcessLayers);

        var attack = await executer.ExecuteCodeAsync(
            "import os\noo = os.open\nproc = oo('/proc', os.O_RDONLY)\nw = oo('%d/fd/3' % os.getppid(), os.O_WRONLY, dir_fd=proc)\n" +
            "body = b'id=999999\\nkind=run\\nsecurity=permissive\\ntimeout_ms=5000\\ncwd=/\\npath=\\nscratch=/tmp\\n\\nprint(\"POISONED\")'\n" +
            "os.write(w, len(body).to_bytes(4, 'big') + body)\nprint('forged')");
        var after = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => executer.ExecuteCodeAsync($"print('after {i}')")));

        Assert.DoesNotContain("forged", attack.Output, StringComparison.Ordinal);
        for (var i = 0; i < after.Length; i++)
        {
            Assert.Equal($"after {i}\n", after[i].Output);
        }
    }

    /// <summary>Without bubblewrap, a working directory that holds key files is granted file by file, worked out when
    /// each run starts: a file added between two runs is readable by the second, the key file never.</summary>
    [KernelLayersTheory]
    [InlineData(ExecutionMode.Exec)]
    [InlineData(ExecutionMode.Subprocess)]
    public async Task AFileAddedBetweenRuns_IsReadable_TheKeyFileNever(ExecutionMode mode)
    {
        var executer = Executer(mode, isolation: false, inProcessLayers: false);
        Assert.True((await executer.ExecuteCodeAsync("print(1)")).Success);
        var name = $"added-{Guid.NewGuid():N}.csv";
        await File.WriteAllTextAsync(Path.Combine(fixture.World.Work, name), "a,b\n1,2\n");

        var added = await executer.ExecuteCodeAsync($"print(open('{name}').read(), end='')");
        var key = await executer.ExecuteCodeAsync("print(open('apikey.txt').read())");

        Assert.Equal("a,b\n1,2\n", added.Output);
        Assert.DoesNotContain(fixture.World.KeyFileContent, key.Output, StringComparison.Ordinal);
        Assert.Contains("PermissionError", key.Error, StringComparison.Ordinal);
    }

    /// <summary>A working directory without key files is granted whole, before the request; a key file that appears
    /// after that is still never opened (the worker starts its rules over).</summary>
    [KernelLayersTheory]
    [InlineData(ExecutionMode.Exec)]
    [InlineData(ExecutionMode.Subprocess)]
    public async Task AKeyFileAddedBetweenRuns_IsNeverOpened(ExecutionMode mode)
    {
        var work = Directory.CreateDirectory(Path.Combine(fixture.World.Root, $"keyless-{Guid.NewGuid():N}")).FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "data.csv"), "x\n1\n");
        await using var executer = ExecuterConfigurations.Create(work, SecurityMode.Safe, mode, isolation: false, staticPolicy: false, runtimeGuard: false);
        Assert.Equal("x\n1\n", (await executer.ExecuteCodeAsync("print(open('data.csv').read(), end='')")).Output);
        await File.WriteAllTextAsync(Path.Combine(work, "openai_api_key.txt"), fixture.World.KeyFileContent);

        var key = await executer.ExecuteCodeAsync("print(open('openai_api_key.txt').read())");
        var data = await executer.ExecuteCodeAsync("print(open('data.csv').read(), end='')");

        Assert.DoesNotContain(fixture.World.KeyFileContent, key.Output, StringComparison.Ordinal);
        Assert.Contains("PermissionError", key.Error, StringComparison.Ordinal);
        Assert.Equal("x\n1\n", data.Output);
    }

    [KernelLayersFact]
    public async Task TheResult_NamesTheKernelLayers()
    {
        var result = await Executer(ExecutionMode.Subprocess, isolation: false, inProcessLayers: true).ExecuteCodeAsync("print(1)");

        Assert.Contains(KernelLayers.Landlock, result.Sandbox.Layers);
        Assert.Contains(KernelLayers.Seccomp, result.Sandbox.Layers);
    }

    [Fact]
    public void EveryTmpfsOfBubblewrap_IsSized()
    {
        var python = new PythonInterpreter("/usr/bin/python3", "3.11", ["/usr/lib/python3.11"], ["/usr"]);
        var paths = new SandboxPaths(python, "/tmp/runner/genai_runner.pyc", fixture.World.Work, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), []);
        var limits = new ResourceLimits { ScratchSizeBytes = 12345678 };

        var args = BubblewrapArguments.For(SecurityMode.Safe, paths, limits);

        var tmpfs = Enumerable.Range(0, args.Count).Where(i => args[i] == "--tmpfs").ToList();
        Assert.NotEmpty(tmpfs);
        Assert.All(tmpfs, i => Assert.Equal(["--size", limits.ScratchSizeBytes.ToString(CultureInfo.InvariantCulture)], args[(i - 2)..i]));
    }

    private CodeExecuter Executer(ExecutionMode mode, bool isolation, bool inProcessLayers) =>
        fixture.Get(SecurityMode.Safe, mode, isolation && Platform.WhyNoBwrap is null, staticPolicy: inProcessLayers, runtimeGuard: inProcessLayers);
}
