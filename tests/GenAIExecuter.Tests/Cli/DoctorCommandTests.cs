using System.Text.Json;
using GenAIExecuter.Sandbox;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Cli;

/// <summary><c>genai-exec doctor</c> end to end, as a real process: what it says matches what this machine offers.</summary>
public sealed class DoctorCommandTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [LinuxFact]
    public async Task Doctor_SaysWhatThisMachineOffers_AsJson()
    {
        var (exit, output, error) = await CliProcess.RunAsync(fixture.World.Work, null, null, "doctor", "--json");

        var report = JsonDocument.Parse(output).RootElement;
        var checks = report.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
        Assert.Equal(Platform.WhyNoBwrap is null, checks["bubblewrap"].GetProperty("available").GetBoolean());
        Assert.Equal(KernelLayers.LandlockAbi > 0, checks["landlock"].GetProperty("available").GetBoolean());
        Assert.Equal(KernelLayers.Available().Contains(KernelLayers.Seccomp), checks["seccomp"].GetProperty("available").GetBoolean());
        Assert.True(checks["python"].GetProperty("available").GetBoolean(), error);
        var enforced = report.GetProperty("safe_is_kernel_enforced").GetBoolean();
        Assert.Equal(Platform.WhyNoBwrap is null || Platform.WhyNoKernelLayers is null, enforced);
        Assert.Equal(enforced ? 0 : 1, exit);
    }

    [LinuxFact]
    public async Task Doctor_WithAMissingInterpreter_SaysWhatToDo_AndExitsOne()
    {
        var (exit, output, _) = await CliProcess.RunAsync(fixture.World.Work, null, null, "doctor", "--python", "/nonexistent/python3");

        Assert.Equal(1, exit);
        Assert.Contains("✗ python", output, StringComparison.Ordinal);
        Assert.Contains("→ The Python interpreter '/nonexistent/python3' does not exist", output, StringComparison.Ordinal);
        Assert.Contains("SAFE mode", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [KernelLayersFact]
    public async Task Doctor_NamesTheLandlockAbi()
    {
        var (_, output, _) = await CliProcess.RunAsync(fixture.World.Work, null, null, "doctor");

        Assert.Contains($"✓ landlock       ABI {KernelLayers.LandlockAbi}", output, StringComparison.Ordinal);
    }
}
