using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox.Files;

/// <summary>matplotlib figures passed to plt.show() or still open when the code ends come back as PNG artifacts, as
/// in a notebook, without the code saving them; a figure shown and not drawn on since is not saved twice.</summary>
public sealed class FigureCaptureTests(AreaWorld world) : IClassFixture<AreaWorld>
{
    private const string Code = """
        import matplotlib.pyplot as plt
        plt.figure(figsize=(4, 3), dpi=50)
        plt.plot([1, 2, 3], [3, 1, 2])
        plt.show()
        plt.figure(figsize=(2, 2), dpi=40)
        plt.bar(['a', 'b'], [1, 2])
        print('drawn', plt.get_fignums())
        """;

    public static TheoryData<ExecutionMode, bool> Configurations => new()
    {
        { ExecutionMode.Exec, true }, { ExecutionMode.Subprocess, false }, { ExecutionMode.Exec, false }, { ExecutionMode.Subprocess, true },
    };

    [DataStackTheory(NeedsKernelLayers = true)]
    [MemberData(nameof(Configurations))]
    public async Task ShownAndOpenFigures_BecomePngsOfTheFiguresSize(ExecutionMode mode, bool isolation)
    {
        var result = await world.Get(mode, isolation, python: SystemPython.Path).ExecuteCodeAsync(Code, TimeSpan.FromSeconds(60));

        Assert.True(result.Success, result.Error);
        Assert.Equal("drawn [1, 2]\n", result.Output); // show() saved the first figure and left it open, as plain Python does
        Assert.Equal(string.Empty, result.Error);
        Assert.Equal(["figure-1.png", "figure-2.png"], result.Artifacts.Select(a => a.Path).Order(StringComparer.Ordinal));
        Assert.All(result.Artifacts, a => Assert.Equal("image/png", a.MediaType));
        Assert.Equal((200, 150), Png.Size(result.Artifacts.Single(a => a.Path == "figure-1.png").Location));
        Assert.Equal((80, 80), Png.Size(result.Artifacts.Single(a => a.Path == "figure-2.png").Location));
        Assert.Equal("(150, 200, 4)", await Png.DecodeAsync(result.Artifacts.Single(a => a.Path == "figure-1.png").Location));
    }
}
