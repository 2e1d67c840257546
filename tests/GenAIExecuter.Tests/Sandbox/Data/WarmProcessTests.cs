using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox.Data;

/// <summary>Exec mode's warm process has the data stack imported (and its next worker warmed for what the last run used,
/// when runs come apart): each run must still start from a clean copy of it.</summary>
public sealed class WarmProcessTests(DataWorld world) : IClassFixture<DataWorld>
{
    private const string Patch =
        "import numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt\n" +
        "pd.DataFrame.sum = lambda self, *a, **k: 'patched'\nnp.mean = lambda *a, **k: -1\n" +
        "pd.set_option('display.max_rows', 3)\nplt.figure()\nplt.plot([1, 2])\nprint('patched')";

    private const string Look =
        "import numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt\n" +
        "print(pd.DataFrame({'a': [1, 2]}).sum().to_string())\nprint(np.mean([1, 3]))\n" +
        "print(pd.get_option('display.max_rows'), plt.get_fignums())";

    private const string Clean = "a    3\n2.0\n60 []\n";

    public static TheoryData<bool, int> Cases => new() { { true, 0 }, { false, 0 }, { true, 400 }, { false, 400 } };

    /// <summary>Back to back, the next worker is cold; 0.4 s apart, it has been warmed for pandas and charts.</summary>
    [DataStackTheory(NeedsKernelLayers = true)]
    [MemberData(nameof(Cases))]
    public async Task ARunThatPatchesTheDataStack_DoesNotAffectTheNext(bool isolation, int pauseMs)
    {
        var executer = world.Get(SecurityMode.Safe, ExecutionMode.Exec, isolation && Platform.WhyNoBwrap is null);

        for (var i = 0; i < 3; i++)
        {
            var patched = await executer.ExecuteCodeAsync(Patch);
            await Task.Delay(pauseMs);
            var looked = await executer.ExecuteCodeAsync(Look);
            await Task.Delay(pauseMs);

            Assert.True(patched.Success, patched.Error);
            Assert.True(looked.Success, looked.Error);
            Assert.Equal(Clean, looked.Output);
            Assert.Equal(string.Empty, looked.Error);
        }
    }
}
