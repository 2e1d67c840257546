using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox;

/// <summary>Where the kernel enforces nothing of SAFE mode (no bubblewrap, no Landlock and seccomp: simulated here by
/// turning both off), SAFE refuses to run unless the caller accepts the weaker in-process guard, and then says so.</summary>
public sealed class WeakIsolationTests : IDisposable
{
    private readonly TestWorld _world = new();

    [LinuxFact]
    public async Task SafeMode_WithoutAnyKernelEnforcement_RefusesToRun_NamingTheWayOut()
    {
        await using var executer = Create(allowWeak: false);

        var error = await Assert.ThrowsAsync<IsolationUnavailableException>(() => executer.ExecuteCodeAsync("print(1)"));

        Assert.Contains("bubblewrap", error.Message, StringComparison.Ordinal);
        Assert.Contains("Landlock", error.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-weak-isolation", error.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task SafeMode_WithWeakIsolationAccepted_Runs_AndItsResultShowsNoKernelLayer()
    {
        await using var executer = Create(allowWeak: true);

        var result = await executer.ExecuteCodeAsync("print(1)");

        Assert.True(result.Success, result.Error);
        Assert.DoesNotContain("landlock", result.Sandbox.Layers);
        Assert.DoesNotContain("seccomp", result.Sandbox.Layers);
        Assert.DoesNotContain("bubblewrap", result.Sandbox.Layers);
        Assert.Contains("runtime-guard", result.Sandbox.Layers);
    }

    [LinuxFact]
    public async Task PermissiveMode_NeedsNoKernelEnforcement()
    {
        await using var executer = Create(allowWeak: false, SecurityMode.Permissive);

        Assert.True((await executer.ExecuteCodeAsync("print(1)")).Success);
    }

    public void Dispose() => _world.Dispose();

    private CodeExecuter Create(bool allowWeak, SecurityMode security = SecurityMode.Safe) => new(new CodeExecuterOptions
    {
        SecurityMode = security,
        WorkingDirectory = _world.Work,
        AllowWeakIsolation = allowWeak,
    })
    { AllowIsolation = false, AllowKernelLayers = false };
}
