using System.Text;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox.Files;

/// <summary>Input files: the code sees each read-only under its name (in SAFE mode with an output area, in the working
/// directory; everywhere, under GENAI_INPUTS); the user's files never change; concurrent runs see only their own.</summary>
public sealed class InputFilesTests(AreaWorld world) : IClassFixture<AreaWorld>
{
    public static TheoryData<ExecutionMode, bool, bool> Configurations => new()
    {
        { ExecutionMode.Exec, true, true }, { ExecutionMode.Subprocess, true, true }, { ExecutionMode.Exec, false, true }, { ExecutionMode.Subprocess, false, true },
        { ExecutionMode.Exec, true, false }, { ExecutionMode.Subprocess, false, false },
    };

    private string Orders()
    {
        var folder = Path.Combine(world.Root, "elsewhere");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "orders.csv");
        File.WriteAllText(path, "id,amount\n1,10.5\n2,4.5\n");
        return path;
    }

    /// <summary>With every layer and with the kernel alone: the inputs are read by name, writing one fails, and neither
    /// the input's source nor the working directory changes.</summary>
    [KernelLayersTheory]
    [MemberData(nameof(Configurations))]
    public async Task Inputs_AreReadOnly_UnderTheirNames(ExecutionMode mode, bool isolation, bool inProcessLayers)
    {
        var orders = Orders();
        var before = AreaWorld.Snapshot(world.Work);
        var code = """
            import csv, os
            total = sum(float(r['amount']) for r in csv.DictReader(open('orders.csv')))
            piped = open('notes.txt').read()
            shadowed = open('sales.csv').read()
            try:
                open('orders.csv', 'a').write('3,99\n')
                verdict = 'written'
            except PermissionError:
                verdict = 'read-only'
            print(total, piped, shadowed, verdict, os.environ['GENAI_INPUTS'] == os.getcwd(), sep='|')
            """;
        InputFile[] inputs = [InputFile.FromFile(orders), InputFile.FromBytes("notes.txt", "piped text"u8.ToArray()), InputFile.FromBytes("sales.csv", "shadow"u8.ToArray())];

        var result = await world.Get(mode, isolation, inProcessLayers).ExecuteCodeAsync(code, inputFiles: inputs);

        Assert.True(result.Success, result.Error);
        Assert.Equal("15.0|piped text|shadow|read-only|True\n", result.Output);
        Assert.Equal("id,amount\n1,10.5\n2,4.5\n", File.ReadAllText(orders));
        Assert.Equal(before, AreaWorld.Snapshot(world.Work));
        Assert.Empty(result.Artifacts);
    }

    /// <summary>Ways to change an input: each fails or changes only the run's own view, never the source file.</summary>
    [KernelLayersTheory]
    [InlineData("chmod", "import os\nos.chmod('orders.csv', 0o666)\nopen('orders.csv', 'w').write('x')")]
    [InlineData("truncate", "import os\nos.truncate('orders.csv', 0)")]
    [InlineData("open-fd", "import os\nos.write(os.open('orders.csv', os.O_WRONLY), b'x')")]
    [InlineData("through-genai-inputs", "import os\nd = os.environ['GENAI_INPUTS']\nopen(os.path.join(d, 'orders.csv'), 'w').write('x')")]
    public async Task Inputs_CannotBeChanged(string name, string code)
    {
        var orders = Orders();
        foreach (var inProcessLayers in new[] { true, false })
        {
            var result = await world.Get(ExecutionMode.Exec, isolation: true, inProcessLayers).ExecuteCodeAsync(code, inputFiles: [InputFile.FromFile(orders)]);

            Assert.NotEqual(ExecutionStatus.Succeeded, result.Status);
            Assert.NotEqual(ExecutionStatus.SandboxError, result.Status);
            Assert.Equal("id,amount\n1,10.5\n2,4.5\n", File.ReadAllText(orders));
            Assert.DoesNotContain(result.Artifacts, a => a.Path == "orders.csv");
            _ = name;
        }
    }

    [KernelLayersFact]
    public async Task ConcurrentRuns_EachSeeOnlyTheirOwnInputs()
    {
        var executer = world.Get(ExecutionMode.Exec, isolation: true);

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => executer.ExecuteCodeAsync(
            "import os, time\ntime.sleep(0.1)\nprint(open('data.txt').read(), sorted(n for n in os.listdir('.') if n.startswith('data')))",
            inputFiles: [InputFile.FromBytes("data.txt", Encoding.UTF8.GetBytes($"run {i}"))])));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.True(results[i].Success, results[i].Error);
            Assert.Equal($"run {i} ['data.txt']\n", results[i].Output);
        }
    }

    /// <summary>Staged copies are removed after the run, however it ended.</summary>
    [KernelLayersTheory]
    [InlineData("print(open('data.txt').read())")]
    [InlineData("while True:\n    pass")]
    public async Task StagedInputs_AreRemovedAfterTheRun(string code)
    {
        var executer = world.Get(ExecutionMode.Subprocess, isolation: true);

        await executer.ExecuteCodeAsync(code, TimeSpan.FromSeconds(1), inputFiles: [InputFile.FromBytes("data.txt", "x"u8.ToArray())]);

        Assert.Empty(Directory.EnumerateDirectories(world.ArtifactsDirectory, "inputs-*", SearchOption.AllDirectories));
    }

    /// <summary>Where the run gets no output area (here: bubblewrap masks a key file in the working directory), the
    /// inputs are read-only copies under GENAI_INPUTS, and the prompt says so.</summary>
    [KernelLayersFact]
    public async Task WithoutAnOutputArea_InputsAreUnderGenaiInputs_AndThePromptSaysSo()
    {
        var work = Directory.CreateTempSubdirectory("genai-inputs-keyed-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(work, "apikey.txt"), "secret");
            var model = new ScriptedChatClient("```python\nimport os\nprint(open(os.path.join(os.environ['GENAI_INPUTS'], 'data.txt')).read(), os.path.exists('data.txt'))\n```");
            var options = new CodeExecuterOptions { WorkingDirectory = work, ArtifactsDirectory = world.ArtifactsDirectory, SaveExecutions = false };
            await using var executer = new CodeExecuter(model, options);

            var result = await executer.RunAsync("show the data", inputFiles: [InputFile.FromBytes("data.txt", "hello"u8.ToArray())]);

            Assert.True(result.Success, result.Error);
            Assert.Equal("hello False\n", result.Output);
            Assert.Contains("GENAI_INPUTS", model.Calls[0][0].Text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The prompt's word on where the inputs are is what the runner does, in every configuration.</summary>
    [DataStackTheory(NeedsKernelLayers = true)]
    [InlineData(ExecutionMode.Exec, true)]
    [InlineData(ExecutionMode.Subprocess, false)]
    public async Task ThePrompt_TellsWhereTheInputsAre_Truly(ExecutionMode mode, bool isolation)
    {
        var model = new ScriptedChatClient("```python\nimport pandas as pd\nprint(pd.read_csv('orders.csv')['amount'].sum())\n```");
        var options = new CodeExecuterOptions { WorkingDirectory = world.Work, ArtifactsDirectory = world.ArtifactsDirectory, ExecutionMode = mode, SaveExecutions = false, Python = SystemPython.Path };
        await using var executer = new CodeExecuter(model, options) { AllowIsolation = isolation && Platform.WhyNoBwrap is null };

        var result = await executer.RunAsync("total amount", inputFiles: [InputFile.FromFile(Orders())]);

        var system = model.Calls[0][0].Text;
        Assert.Contains("pd.read_csv(\"orders.csv\")", system, StringComparison.Ordinal);
        Assert.Contains("orders.csv (", system, StringComparison.Ordinal);
        Assert.Contains("id (integer), amount (decimal)", system, StringComparison.Ordinal);
        Assert.True(result.Success, result.Error);
        Assert.Equal("15.0\n", result.Output);
    }

    [LinuxFact]
    public async Task PermissiveRuns_ReadInputsUnderGenaiInputs()
    {
        await using var executer = ExecuterConfigurations.Create(world.Work, SecurityMode.Permissive, ExecutionMode.Subprocess, isolation: false,
            o => o.ArtifactsDirectory = world.ArtifactsDirectory);

        var result = await executer.ExecuteCodeAsync("import os\nprint(open(os.path.join(os.environ['GENAI_INPUTS'], 'data.txt')).read())",
            inputFiles: [InputFile.FromBytes("data.txt", "permissive"u8.ToArray())]);

        Assert.True(result.Success, result.Error);
        Assert.Equal("permissive\n", result.Output);
    }

    [Fact]
    public void BadInputs_AreClearErrors_BeforeAnythingRuns()
    {
        var missing = Assert.Throws<InputFileException>(() => InputFile.FromFile(Path.Combine(world.Root, "no-such.csv")));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
        var folder = Assert.Throws<InputFileException>(() => InputFile.FromFile(world.Work));
        Assert.Contains("is a folder", folder.Message, StringComparison.Ordinal);
        Assert.Throws<InputFileException>(() => InputFile.FromBytes("../x.csv", ReadOnlyMemory<byte>.Empty));
        Assert.Throws<InputFileException>(() => InputFile.FromBytes("..", ReadOnlyMemory<byte>.Empty));
        Assert.Throws<InputFileException>(() => InputFile.FromBytes("a\nb", ReadOnlyMemory<byte>.Empty));
    }

    [LinuxFact]
    public async Task TwoInputsOfOneName_AreRefused_BeforeTheModelIsAsked()
    {
        var model = new ScriptedChatClient("```python\nprint(1)\n```");
        await using var executer = new CodeExecuter(model, new CodeExecuterOptions { WorkingDirectory = world.Work, SaveExecutions = false });

        var error = await Assert.ThrowsAsync<InputFileException>(() => executer.RunAsync("x",
            inputFiles: [InputFile.FromBytes("a.csv", "1"u8.ToArray()), InputFile.FromBytes("a.csv", "2"u8.ToArray())]));

        Assert.Contains("'a.csv'", error.Message, StringComparison.Ordinal);
        Assert.Empty(model.Calls);
    }
}
