using System.Security.Cryptography;
using System.Text;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox.Files;

/// <summary>SAFE runs write by relative path into a private output area over their working directory: the user's
/// files never change, what the run wrote comes back as artifacts, the caps hold, and no path leads out.</summary>
public sealed class OutputAreaTests(AreaWorld world) : IClassFixture<AreaWorld>
{
    public static TheoryData<ExecutionMode, bool> Configurations => new()
    {
        { ExecutionMode.Exec, true }, { ExecutionMode.Subprocess, true }, { ExecutionMode.Exec, false }, { ExecutionMode.Subprocess, false },
    };

    [KernelLayersTheory]
    [MemberData(nameof(Configurations))]
    public async Task Writes_LandInTheArea_AndTheWorkingDirectoryIsByteIdentical(ExecutionMode mode, bool isolation)
    {
        var before = AreaWorld.Snapshot(world.Work);
        var code = """
            import csv, os
            rows = list(csv.DictReader(open('sales.csv')))
            total = sum(int(r['units']) for r in rows)
            with open('result.csv', 'w') as f:
                f.write(f'total\n{total}\n')
            os.makedirs('outputs', exist_ok=True)
            with open('outputs/report.txt', 'w') as f:
                f.write('report: ' + str(total))
            with open('sales.csv', 'a') as f:
                f.write('East,1\n')
            os.remove('sub/inner.txt')
            print(open('result.csv').read().strip().split()[-1], len(open('sales.csv').read().splitlines()), os.path.exists('sub/inner.txt'))
            """;

        var result = await world.Get(mode, isolation).ExecuteCodeAsync(code);

        Assert.True(result.Success, result.Error);
        Assert.Equal("22 5 False\n", result.Output);
        Assert.Equal(before, AreaWorld.Snapshot(world.Work));
        Assert.Equal(["outputs/report.txt", "result.csv", "sales.csv"], result.Artifacts.Select(a => a.Path).Order(StringComparer.Ordinal));
        AssertArtifact(result, "result.csv", "total\n22\n", "text/csv");
        AssertArtifact(result, "outputs/report.txt", "report: 22", "text/plain");
        AssertArtifact(result, "sales.csv", "region,units\nNorth,12\nSouth,7\nNorth,3\nEast,1\n", "text/csv");
        Assert.Null(result.ArtifactsNote);
    }

    public static TheoryData<string, string> Escapes => new()
    {
        { "dot-dot", "open('../outside/escape.txt', 'w').write('x')" },
        { "absolute", "open('{OUTSIDE}/escape.txt', 'w').write('x')" },
        { "overwrite-outside", "open('{CANARY}', 'w').write('x')" },
        { "planted-symlink", "import os\nos.symlink('{CANARY}', 'link')\nopen('link', 'w').write('x')" },
        { "planted-dir-symlink", "import os\nos.symlink('{OUTSIDE}', 'out')\nopen('out/escape.txt', 'w').write('x')" },
        { "hard-link", "import os\nos.link('{CANARY}', 'hard')\nopen('hard', 'a').write('x')" },
        { "proc-self-fd", "import os\nfd = os.open('..', os.O_RDONLY)\nopen(f'/proc/self/fd/{fd}/outside/escape.txt', 'w').write('x')" },
        { "dir-fd", "import os\nfd = os.open('{OUTSIDE}', os.O_RDONLY)\nos.write(os.open('escape.txt', os.O_WRONLY | os.O_CREAT, dir_fd=fd), b'x')" },
        { "rename-out", "import os\nopen('a.txt', 'w').write('x')\nos.rename('a.txt', '../outside/escape.txt')" },
        { "rename-in-over-canary", "import os\nopen('a.txt', 'w').write('x')\nos.replace('a.txt', '{CANARY}')" },
    };

    /// <summary>Each attempt to leave the area, with every layer on and with the kernel alone: nothing outside the area
    /// changes, and the user's working directory stays as it was.</summary>
    [KernelLayersTheory]
    [MemberData(nameof(EscapeCases))]
    public async Task PathsThatLeaveTheArea_Fail(string name, ExecutionMode mode, bool isolation, bool inProcessLayers)
    {
        var before = AreaWorld.Snapshot(world.Work);
        var code = Escapes.First(e => (string)e[0] == name)[1].ToString()!.Replace("{OUTSIDE}", world.Outside, StringComparison.Ordinal).Replace("{CANARY}", world.Canary, StringComparison.Ordinal);

        var result = await world.Get(mode, isolation, inProcessLayers).ExecuteCodeAsync(code);

        Assert.Equal([Path.GetFileName(world.Canary)], Directory.GetFiles(world.Outside).Select(Path.GetFileName));
        Assert.Equal(world.CanaryContent, File.ReadAllText(world.Canary));
        Assert.Equal(before, AreaWorld.Snapshot(world.Work));
        Assert.NotEqual(ExecutionStatus.Succeeded, result.Status);
        Assert.NotEqual(ExecutionStatus.SandboxError, result.Status);
    }

    /// <summary>The same attempts in PERMISSIVE mode do what they say: they are real.</summary>
    [LinuxTheory]
    [MemberData(nameof(Escapes))]
    public async Task PathsThatLeaveTheArea_DoHarmInPermissiveMode(string name, string code)
    {
        var work = Directory.CreateTempSubdirectory("genai-area-permissive-").FullName;
        try
        {
            await using var executer = ExecuterConfigurations.Create(work, SecurityMode.Permissive, ExecutionMode.Subprocess, isolation: false);
            var rendered = code.Replace("{OUTSIDE}", world.Outside, StringComparison.Ordinal).Replace("{CANARY}", world.Canary, StringComparison.Ordinal)
                .Replace("../outside", Path.GetRelativePath(work, world.Outside), StringComparison.Ordinal);
            if (name == "proc-self-fd")
            {
                rendered = rendered.Replace("os.open('..'", $"os.open('{world.Root}'", StringComparison.Ordinal);
            }

            var result = await executer.ExecuteCodeAsync(rendered);

            var harmed = Directory.GetFiles(world.Outside).Length > 1 || File.ReadAllText(world.Canary) != world.CanaryContent;
            Assert.True(harmed, $"'{name}' did no harm in PERMISSIVE mode ({result.Status}: {result.Error})");
        }
        finally
        {
            foreach (var file in Directory.GetFiles(world.Outside).Where(f => f != world.Canary))
            {
                File.Delete(file);
            }

            File.WriteAllText(world.Canary, world.CanaryContent);
            Directory.Delete(work, recursive: true);
        }
    }

    public static TheoryData<string, ExecutionMode, bool, bool> EscapeCases()
    {
        var data = new TheoryData<string, ExecutionMode, bool, bool>();
        var configurations = FullMatrix.Enabled
            ? new[] { (ExecutionMode.Exec, true), (ExecutionMode.Subprocess, true), (ExecutionMode.Exec, false), (ExecutionMode.Subprocess, false) }
            : [(ExecutionMode.Exec, true), (ExecutionMode.Subprocess, false)];
        foreach (var escape in Escapes)
        {
            foreach (var (mode, isolation) in configurations)
            {
                data.Add((string)escape[0], mode, isolation, true);
                data.Add((string)escape[0], mode, isolation, false);
            }
        }

        return data;
    }

    [KernelLayersTheory]
    [InlineData(ExecutionMode.Exec)]
    [InlineData(ExecutionMode.Subprocess)]
    public async Task TheCaps_Hold_AndWhatWasWrittenBeforeIsKept(ExecutionMode mode)
    {
        var executer = world.Get(mode, isolation: false, configure: o =>
        {
            o.Limits.OutputAreaBytes = 1 << 20;
            o.Limits.MaxOutputFiles = 8;
        }, key: "capped");
        var code = """
            open('keep.txt', 'w').write('kept ' * 20)
            try:
                for i in range(100):
                    open(f'many-{i}.txt', 'w').write('x')
            except OSError as error:
                print('files:', error.strerror)
            try:
                open('big.bin', 'wb').write(b'x' * (2 << 20))
            except OSError as error:
                print('bytes:', error.strerror)
            """;

        var result = await executer.ExecuteCodeAsync(code);

        Assert.True(result.Success, result.Error);
        Assert.Equal("files: No space left on device\nbytes: No space left on device\n", result.Output);
        AssertArtifact(result, "keep.txt", string.Concat(Enumerable.Repeat("kept ", 20)), "text/plain");
        Assert.True(result.Artifacts.Count <= 8, $"{result.Artifacts.Count} artifacts");
        Assert.True(result.Artifacts.Sum(a => a.SizeBytes) <= 1 << 20);
    }

    [KernelLayersFact]
    public async Task ConcurrentRuns_EachGetOnlyTheirOwnArtifacts()
    {
        var executer = world.Get(ExecutionMode.Exec, isolation: true);

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            executer.ExecuteCodeAsync($"import os, time\nopen('mine-{i}.txt', 'w').write('run {i}')\ntime.sleep(0.2)\nprint(sorted(os.listdir('.')))")));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.True(results[i].Success, results[i].Error);
            var artifact = Assert.Single(results[i].Artifacts);
            Assert.Equal($"mine-{i}.txt", artifact.Path);
            Assert.Equal($"run {i}", File.ReadAllText(artifact.Location));
            Assert.DoesNotContain($"mine-{(i + 1) % results.Length}.txt", results[i].Output, StringComparison.Ordinal);
        }

        Assert.Equal(results.Length, results.Select(r => r.Artifacts[0].Location).Distinct().Count());
    }

    /// <summary>The output area is collected however the run ended: a run that times out, or is killed for its memory,
    /// keeps what it wrote.</summary>
    [KernelLayersTheory]
    [InlineData(ExecutionMode.Exec, "while True:\n    pass")]
    [InlineData(ExecutionMode.Subprocess, "while True:\n    pass")]
    [InlineData(ExecutionMode.Exec, "import os\nos._exit(3)")]
    [InlineData(ExecutionMode.Subprocess, "x = b'x' * (3 << 30)")]
    public async Task ARunThatDoesNotEndOnItsOwn_KeepsWhatItWrote(ExecutionMode mode, string ending)
    {
        var before = AreaWorld.Snapshot(world.Work);

        var result = await world.Get(mode, isolation: true).ExecuteCodeAsync(
            "open('partial.txt', 'w').write('half done')\nprint('written', flush=True)\n" + ending, TimeSpan.FromSeconds(2));

        Assert.NotEqual(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("written\n", result.Output);
        AssertArtifact(result, "partial.txt", "half done", "text/plain");
        Assert.Null(result.ArtifactsNote);
        Assert.Equal(before, AreaWorld.Snapshot(world.Work));
    }

    [KernelLayersFact]
    public async Task KeyFiles_InTheWorkingDirectory_StayClosed_WithoutBubblewrap()
    {
        var work = Directory.CreateTempSubdirectory("genai-area-keys-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(work, "apikey.txt"), "sk-area-canary");
            File.WriteAllText(Path.Combine(work, "data.txt"), "data");
            await using var executer = ExecuterConfigurations.Create(work, SecurityMode.Safe, ExecutionMode.Exec, isolation: false,
                o => o.ArtifactsDirectory = world.ArtifactsDirectory, staticPolicy: false, runtimeGuard: false);

            var result = await executer.ExecuteCodeAsync("print(repr(open('apikey.txt').read()))\nopen('out.txt', 'w').write(open('data.txt').read())");

            Assert.True(result.Success, result.Error);
            Assert.Equal("''\n", result.Output);
            Assert.DoesNotContain("sk-area-canary", result.Output + result.Error, StringComparison.Ordinal);
            AssertArtifact(result, "out.txt", "data", "text/plain");
            Assert.Equal("sk-area-canary", File.ReadAllText(Path.Combine(work, "apikey.txt")));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>A file name that is not UTF-8 cannot travel in the runner's report: it is left out, said so, and the
    /// run's other files are kept (found by the red team: it used to lose the whole result).</summary>
    [KernelLayersTheory]
    [InlineData(ExecutionMode.Exec)]
    [InlineData(ExecutionMode.Subprocess)]
    public async Task ANameThatIsNotUtf8_IsLeftOut_AndTheRestIsKept(ExecutionMode mode)
    {
        var result = await world.Get(mode, isolation: true).ExecuteCodeAsync("open(b'bad\\xff.txt', 'w').write('x')\nopen('good.txt', 'w').write('good')\nprint('ok')");

        Assert.True(result.Success, result.Error);
        Assert.Equal("ok\n", result.Output);
        AssertArtifact(result, "good.txt", "good", "text/plain");
        Assert.Single(result.Artifacts);
        Assert.Contains("1 file(s) were left out", result.ArtifactsNote, StringComparison.Ordinal);
    }

    [KernelLayersFact]
    public async Task AStagingFolderLeftByACrashedHost_IsRemoved_AndOursGoesOnDispose()
    {
        var artifacts = Path.Combine(world.Root, $"artifacts-{Guid.NewGuid():N}");
        var stagingRoot = Path.Combine(Path.GetTempPath(), "genai-executer", "staging");
        var deadPid = Enumerable.Range(400_000, 1000).First(pid => !Directory.Exists($"/proc/{pid}"));
        var stale = Directory.CreateDirectory(Path.Combine(stagingRoot, $".staging-{deadPid}-{Guid.NewGuid():N}")).FullName;
        File.WriteAllText(Path.Combine(stale, "left.txt"), "x");
        var staleInStore = Directory.CreateDirectory(Path.Combine(artifacts, $".staging-{deadPid}-{Guid.NewGuid():N}")).FullName; // where older versions staged
        var live = Directory.CreateDirectory(Path.Combine(stagingRoot, $".staging-1-{Guid.NewGuid():N}")).FullName;
        try
        {
            var executer = ExecuterConfigurations.Create(world.Work, SecurityMode.Safe, ExecutionMode.Exec, isolation: false, o => o.ArtifactsDirectory = artifacts);

            var result = await executer.ExecuteCodeAsync("open('x.txt', 'w').write('x')");

            Assert.True(result.Success, result.Error);
            Assert.False(Directory.Exists(stale));
            Assert.False(Directory.Exists(staleInStore));
            Assert.True(Directory.Exists(live)); // pid 1 is alive
            await executer.DisposeAsync();
            Assert.Equal("x", File.ReadAllText(Assert.Single(result.Artifacts).Location)); // kept after the executer is gone
            Assert.StartsWith(artifacts + "/", result.Artifacts[0].Location, StringComparison.Ordinal);

            // Which staging folder is an executer's own shows in PERMISSIVE mode, where the code reads its inputs there.
            var permissive = ExecuterConfigurations.Create(world.Work, SecurityMode.Permissive, ExecutionMode.Exec, isolation: false, o => o.ArtifactsDirectory = artifacts);
            var where = await permissive.ExecuteCodeAsync("import os\nprint(os.path.dirname(os.environ['GENAI_INPUTS']))", inputFiles: [InputFile.FromBytes("a.txt", "a"u8.ToArray())]);
            var ours = where.Output.Trim();
            Assert.StartsWith(Path.Combine(stagingRoot, $".staging-{Environment.ProcessId}-"), ours, StringComparison.Ordinal);
            Assert.True(Directory.Exists(ours));
            await permissive.DisposeAsync();
            Assert.False(Directory.Exists(ours));
        }
        finally
        {
            Directory.Delete(live);
        }
    }

    private static void AssertArtifact(ExecutionResult result, string path, string content, string mediaType)
    {
        var artifact = result.Artifacts.SingleOrDefault(a => a.Path == path);
        Assert.True(artifact is not null, $"no artifact {path} among [{string.Join(", ", result.Artifacts.Select(a => a.Path))}]; {result.ArtifactsNote}");
        var bytes = File.ReadAllBytes(artifact.Location);
        Assert.Equal(content, Encoding.UTF8.GetString(bytes));
        Assert.Equal(bytes.Length, artifact.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), artifact.Sha256);
        Assert.Equal(mediaType, artifact.MediaType);
    }
}
