using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox.Files;

/// <summary>Attacks on the folder where the runner stages runs' files and inputs, found by a red team that read the
/// source: code that forges the runner's report of its artifacts' folder must not make the host move or delete
/// anything, and no run reads another run's inputs or an earlier run's artifacts.</summary>
public sealed class StagingAttackTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("genai-staging-attack-").FullName;

    private string Work => Path.Combine(_root, "work");

    private string Victim => Path.Combine(_root, "victim");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Work);
        // A key file in the working directory: bubblewrap masks it, so the runs here get no output area (the case
        // where the server reported no folder of its own and a forged one went through).
        File.WriteAllText(Path.Combine(Work, "apikey.txt"), "sk-hidden");
        Directory.CreateDirectory(Victim);
        File.WriteAllText(Path.Combine(Victim, "precious.txt"), "keep me");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The staging folders of this test process's executers: the strongest attacker knows them.</summary>
    private static string[] StagingFolders() =>
        [.. Directory.EnumerateDirectories(Path.Combine(Path.GetTempPath(), "genai-executer", "staging"), $".staging-{Environment.ProcessId}-*")];

    [KernelLayersTheory]
    [InlineData(ExecutionMode.Subprocess, true, true)]
    [InlineData(ExecutionMode.Exec, true, true)]
    [InlineData(ExecutionMode.Exec, false, false)]
    [InlineData(ExecutionMode.Subprocess, true, false)]
    public async Task ForgedArtifactsFolder_MovesAndDeletesNothing(ExecutionMode mode, bool isolation, bool inProcessLayers)
    {
        await using var executer = ExecuterConfigurations.Create(Work, SecurityMode.Safe, mode, isolation && Platform.WhyNoBwrap is null,
            staticPolicy: inProcessLayers, runtimeGuard: inProcessLayers);
        await executer.ExecuteCodeAsync("print('ready')"); // the sandbox and its staging folder exist
        var forged = new List<string>();
        foreach (var staging in StagingFolders())
        {
            var relative = Path.GetRelativePath(staging, Victim);
            forged.Add($"artifacts_dir={staging}/{relative}\\n");
            forged.Add($"artifacts_dir={staging}/{relative}\\nartifacts=precious.txt\\x1e7\\x1e00\\n");
            forged.Add($"artifacts_dir={staging}/.\\nartifacts=x\\x1e1\\x1e00\\n");
            forged.Add($"artifacts_dir={staging}\\nartifacts=x\\x1e1\\x1e00\\n");
        }

        foreach (var fields in forged)
        {
            var result = await executer.ExecuteCodeAsync($"import os\nos.write(3, b'{fields}')\nprint('forged')");

            Assert.Empty(result.Artifacts);
            Assert.Equal("keep me", File.ReadAllText(Path.Combine(Victim, "precious.txt")));
        }

        var after = await executer.ExecuteCodeAsync("print(open(os.path.join(os.environ['GENAI_INPUTS'], 'in.txt')).read())".Insert(0, "import os\n"),
            inputFiles: [InputFile.FromBytes("in.txt", "still works"u8.ToArray())]);
        Assert.True(after.Success, after.Error);
        Assert.Equal("still works\n", after.Output);
    }

    /// <summary>With the artifacts kept outside the temporary folder (where nothing else hides them), a run reads
    /// neither an earlier run's artifacts nor the staging folder where concurrent runs' inputs wait.</summary>
    [KernelLayersTheory]
    [InlineData(ExecutionMode.Exec, true, true)]
    [InlineData(ExecutionMode.Subprocess, false, true)]
    [InlineData(ExecutionMode.Exec, false, false)]
    public async Task EarlierArtifactsAndOtherRunsInputs_AreNotReadable(ExecutionMode mode, bool isolation, bool inProcessLayers)
    {
        var store = Path.Combine(AppContext.BaseDirectory, $"artifacts-{Guid.NewGuid():N}");
        var clean = Path.Combine(_root, "clean");
        Directory.CreateDirectory(clean);
        try
        {
            await using var executer = ExecuterConfigurations.Create(clean, SecurityMode.Safe, mode, isolation && Platform.WhyNoBwrap is null,
                o => o.ArtifactsDirectory = store, staticPolicy: inProcessLayers, runtimeGuard: inProcessLayers);
            var first = await executer.ExecuteCodeAsync("open('secret.txt', 'w').write('run one only')");
            Assert.True(first.Success, first.Error);
            var secret = Assert.Single(first.Artifacts).Location;
            Assert.StartsWith(store, secret, StringComparison.Ordinal);
            var staging = StagingFolders();
            var probe = $$"""
                import os, time
                found = []
                for path in [{{string.Join(", ", new[] { secret, store }.Concat(staging).Select(p => $"'{p}'"))}}]:
                    try:
                        found.append(open(path).read() if os.path.isfile(path) else ','.join(os.listdir(path)))
                    except Exception as error:
                        found.append(type(error).__name__)
                print(found)
                """;

            var waiting = executer.ExecuteCodeAsync("import time\ntime.sleep(1.5)\nprint(open('mine.txt').read())",
                inputFiles: [InputFile.FromBytes("mine.txt", "another run's input"u8.ToArray())]);
            await Task.Delay(500);
            var result = await executer.ExecuteCodeAsync(probe);
            var other = await waiting;

            Assert.DoesNotContain("run one only", result.Output + result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("secret.txt", result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("inputs-", result.Output, StringComparison.Ordinal);
            Assert.True(other.Success, other.Error);
            Assert.Equal("another run's input\n", other.Output);
        }
        finally
        {
            if (Directory.Exists(store))
            {
                Directory.Delete(store, recursive: true);
            }
        }
    }
}
