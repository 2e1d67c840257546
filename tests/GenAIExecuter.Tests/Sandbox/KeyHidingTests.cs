using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox;

/// <summary>The executer's API keys never reach the code, in any mode; SAFE mode's environment is minimal.</summary>
public sealed class KeyHidingTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    public static TheoryData<SecurityMode, ExecutionMode, bool> Configurations
    {
        get
        {
            var data = new TheoryData<SecurityMode, ExecutionMode, bool>();
            foreach (var security in Enum.GetValues<SecurityMode>())
            {
                foreach (var mode in Enum.GetValues<ExecutionMode>())
                {
                    data.Add(security, mode, false);
                    if (Platform.WhyNoBwrap is null)
                    {
                        data.Add(security, mode, true);
                    }
                }
            }

            return data;
        }
    }

    [LinuxTheory]
    [MemberData(nameof(Configurations))]
    public async Task ApiKeysInTheEnvironment_AreNotVisible(SecurityMode security, ExecutionMode mode, bool isolation)
    {
        var key = $"sk-openai-{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable("OPENAI_API_KEY", key);
        Environment.SetEnvironmentVariable("GENAI_TEST_VISIBLE", "plain-value");
        await using var executer = ExecuterConfigurations.Create(fixture.World.Work, security, mode, isolation);

        var result = await executer.ExecuteCodeAsync("import os\nfor k, v in sorted(os.environ.items()):\n    print(k, v)");

        Assert.True(result.Success, result.Error);
        Assert.DoesNotContain(key, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.World.EnvironmentSecret, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("OPENAI_API_KEY", result.Output, StringComparison.Ordinal);
        // The control: PERMISSIVE passes the rest of the environment through; SAFE passes only what Python needs.
        Assert.Equal(security == SecurityMode.Permissive, result.Output.Contains("plain-value", StringComparison.Ordinal));
    }

    [BwrapFact]
    public async Task SafeWithBubblewrap_HomeIsAnEmptyPrivateFolder()
    {
        var executer = fixture.Get(SecurityMode.Safe, ExecutionMode.Subprocess, isolation: true);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        var result = await executer.ExecuteCodeAsync($"import os\nprint(os.environ['HOME'] == '{home}', os.path.exists('{fixture.World.HomeSecret}'))");

        Assert.True(result.Success, result.Error);
        Assert.Equal("True False\n", result.Output);
    }

    [LinuxFact]
    public async Task ReadOnlyPaths_ExposeAFolderUnderHome()
    {
        await using var executer = ExecuterConfigurations.Create(fixture.World.Work, SecurityMode.Safe, ExecutionMode.Subprocess, Platform.WhyNoBwrap is null,
            o => o.ReadOnlyPaths.Add(fixture.World.HomeSecretDir));

        var result = await executer.ExecuteCodeAsync($"print(open('{fixture.World.HomeSecret}').read())");

        Assert.True(result.Success, result.Error);
        Assert.Equal(fixture.World.HomeSecretContent + "\n", result.Output);
    }
}
