using GenAIExecuter.Generation;

namespace GenAIExecuter.Tests.Generation;

public sealed class PromptBuilderTests
{
    [Fact]
    public void TheSystemPrompt_NamesTheInstalledDataLibraries_AsUsableInSafeMode()
    {
        var prompt = PromptBuilder.System("3.11.2", ["requests", "pandas", "numpy", "scikit-learn"], SecurityMode.Safe, "/work");

        Assert.Contains("Data libraries installed and usable (in SAFE mode too): numpy, pandas, scikit-learn.", prompt, StringComparison.Ordinal);
        Assert.Contains("plt.show() returns at once, and every figure shown or left open is returned to the user as a PNG image", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSystemPrompt_SaysWhereToWriteFiles()
    {
        var safe = PromptBuilder.System("3.11.2", [], SecurityMode.Safe, "/work");
        var permissive = PromptBuilder.System("3.11.2", [], SecurityMode.Permissive, "/work");

        Assert.Contains("Files the program writes by relative path (result.csv, outputs/report.md, chart.png) are returned to the user as files; they go to a private copy", safe, StringComparison.Ordinal);
        Assert.Contains("outside the working directory and the tempfile module's folder", safe, StringComparison.Ordinal);
        Assert.Contains("Files the program writes by relative path are saved in the working directory.", permissive, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSystemPrompt_NamesNoDataLibraries_WhereNoneIsInstalled()
    {
        var prompt = PromptBuilder.System("3.11.7", ["requests"], SecurityMode.Safe, "/work");

        Assert.DoesNotContain("Data libraries", prompt, StringComparison.Ordinal);
    }
}
