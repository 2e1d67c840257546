using GenAIExecuter.Generation;

namespace GenAIExecuter.Tests.Generation;

public sealed class PromptBuilderTests
{
    [Fact]
    public void TheSystemPrompt_NamesTheInstalledDataLibraries_AsUsableInSafeMode()
    {
        var prompt = PromptBuilder.System("3.11.2", ["requests", "pandas", "numpy", "scikit-learn"], SecurityMode.Safe, "/work");

        Assert.Contains("Data libraries installed and usable (in SAFE mode too): numpy, pandas, scikit-learn.", prompt, StringComparison.Ordinal);
        Assert.Contains("plt.show() returns at once", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSystemPrompt_NamesNoDataLibraries_WhereNoneIsInstalled()
    {
        var prompt = PromptBuilder.System("3.11.7", ["requests"], SecurityMode.Safe, "/work");

        Assert.DoesNotContain("Data libraries", prompt, StringComparison.Ordinal);
    }
}
