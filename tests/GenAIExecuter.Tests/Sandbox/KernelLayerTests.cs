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

    public static TheoryData<ExecutionMode, bool> ModesAndIsolation => new()
    {
        { ExecutionMode.Subprocess, true }, { ExecutionMode.Exec, true }, { ExecutionMode.Subprocess, false }, { ExecutionMode.Exec, false },
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

    /// <summary>The runner and every process that runs code are not dumpable: no process of the same user (another
    /// run among them) can read their memory, descriptors or environment through /proc, or trace them.</summary>
    [KernelLayersTheory]
    [MemberData(nameof(ModesAndIsolation))]
    public async Task TheRunnerAndItsRuns_AreNotDumpable(ExecutionMode mode, bool isolation)
    {
        var executer = Executer(mode, isolation, inProcessLayers: false);

        var result = await executer.ExecuteCodeAsync(
            "import ctypes, os\nlibc = ctypes.CDLL(None)\nprint(libc.prctl(3, 0, 0, 0, 0), os.getppid() > 0)");

        Assert.Equal("0 True\n", result.Output);
    }

    /// <summary>A run plants files where a later run might look (the shared temporary folders, the folder its own
    /// scratch sits in, the working directory, the home folder), including a module the later run imports. The later
    /// run finds none of them.</summary>
    [KernelLayersTheory]
    [MemberData(nameof(ExecConfigurations))]
    public async Task ARun_LeavesNothingForTheNextRun(bool isolation, bool inProcessLayers)
    {
        var executer = Executer(ExecutionMode.Exec, isolation, inProcessLayers);
        var name = $"poison_{Guid.NewGuid():N}";
        const string Folders = "import os, tempfile\nfolders = ['/tmp', '/var/tmp', '/dev/shm', tempfile.gettempdir(), " +
            "os.path.dirname(tempfile.gettempdir()), os.getcwd(), os.path.expanduser('~')]\n";

        await executer.ExecuteCodeAsync(Folders +
            $"for folder in folders:\n    try:\n        open(os.path.join(folder, '{name}.py'), 'w').write('print(\"POISONED\")')\n" +
            "    except OSError:\n        pass\n");
        var later = await executer.ExecuteCodeAsync(Folders +
            $"print([f for f in folders if os.path.exists(os.path.join(f, '{name}.py'))])\n" +
            $"try:\n    import {name}\nexcept ImportError:\n    print('clean')\n");

        Assert.Equal("[]\nclean\n", later.Output);
    }

    /// <summary>Each SAFE run writes into a scratch of its own, sized by <see cref="ResourceLimits.ScratchSizeBytes"/>:
    /// filling it stops at the cap (never at the host's disk), and nothing of it is left for the next run.</summary>
    [KernelLayersTheory]
    [MemberData(nameof(Configurations))]
    public async Task EachRun_HasItsOwnSizedScratch(ExecutionMode mode, bool isolation, bool inProcessLayers)
    {
        await using var executer = ExecuterConfigurations.Create(fixture.World.Work, SecurityMode.Safe, mode, isolation && Platform.WhyNoBwrap is null,
            o => o.Limits.ScratchSizeBytes = 8L << 20, staticPolicy: inProcessLayers, runtimeGuard: inProcessLayers);
        const string Fill = """
            import os, tempfile
            folder = tempfile.gettempdir()
            print(sorted(os.listdir(folder)))
            written = 0
            try:
                for i in range(64):
                    with tempfile.NamedTemporaryFile(delete=False) as f:
                        for _ in range(16):
                            f.write(b"x" * 65536)
                            f.flush()
                            written += 65536
            except OSError as error:
                print(error.errno == 28, 7 << 20 <= written <= 8 << 20)
            """;

        var first = await executer.ExecuteCodeAsync(Fill);
        var second = await executer.ExecuteCodeAsync(Fill);

        Assert.Equal("[]\nTrue True\n", first.Output);
        Assert.Equal("[]\nTrue True\n", second.Output);
    }

    /// <summary>A run tries to ruin the server for the runs after it: it makes the folders the next runs' scratch
    /// would be named, fills its own scratch, floods its output and spins threads until its timeout. Runs alongside it
    /// and after it still run exactly their own code, and can use their scratch.</summary>
    [KernelLayersTheory]
    [MemberData(nameof(ExecConfigurations))]
    public async Task ARun_CannotStarveTheServer(bool isolation, bool inProcessLayers)
    {
        var executer = Executer(ExecutionMode.Exec, isolation, inProcessLayers);
        const string Attack = """
            import os, tempfile, threading, sys
            parent = os.path.dirname(tempfile.gettempdir())
            me = os.getpid()
            try:
                for pid in range(me - 20, me + 400):
                    for run in range(0, 40):
                        os.mkdir(f"{parent}/run-{run}-{pid}")
            except OSError:
                pass
            try:
                with open(os.path.join(tempfile.gettempdir(), "fill"), "wb") as f:
                    while True:
                        f.write(b"x" * (1 << 20))
            except OSError:
                pass
            def spin():
                while True:
                    pass
            for _ in range(4):
                threading.Thread(target=spin, daemon=True).start()
            while True:
                sys.stdout.write("flood " * 1000)
            """;
        const string Honest = "import tempfile\nwith tempfile.TemporaryFile() as f:\n    f.write(b'y' * (1 << 20))\n    f.seek(0)\n    print(len(f.read()), {0})";

        var attack = executer.ExecuteCodeAsync(Attack, TimeSpan.FromSeconds(4));
        var alongside = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => executer.ExecuteCodeAsync(string.Format(CultureInfo.InvariantCulture, Honest, i))));
        await attack;
        var after = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => executer.ExecuteCodeAsync(string.Format(CultureInfo.InvariantCulture, Honest, i))));

        for (var i = 0; i < alongside.Length; i++)
        {
            Assert.True(alongside[i].Output == $"1048576 {i}\n", $"alongside {i}: {alongside[i].Status} {alongside[i].Output} {alongside[i].Error}");
            Assert.True(after[i].Output == $"1048576 {i}\n", $"after {i}: {after[i].Status} {after[i].Output} {after[i].Error}");
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
        AssertClosed(key);
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
        AssertClosed(key);
        Assert.Equal("x\n1\n", data.Output);
    }

    /// <summary>A key file is closed to the run: Landlock refuses it, or, in a run with a private output area over the
    /// working directory, it is masked there and reads as empty.</summary>
    private static void AssertClosed(ExecutionResult key) =>
        Assert.True(key.Error.Contains("PermissionError", StringComparison.Ordinal) || (key.Success && key.Output == "\n"), $"{key.Status}: {key.Output} {key.Error}");

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
