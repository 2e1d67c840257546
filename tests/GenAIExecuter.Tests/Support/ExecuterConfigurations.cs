namespace GenAIExecuter.Tests.Support;

/// <summary>Builds the executers the tests compare: each security mode, each execution mode, with and without bubblewrap.</summary>
internal static class ExecuterConfigurations
{
    public static CodeExecuter Create(string workingDirectory, SecurityMode security, ExecutionMode execution, bool isolation, Action<CodeExecuterOptions>? configure = null, bool staticPolicy = true, bool runtimeGuard = true, bool allowMemoryCgroup = true)
    {
        var options = new CodeExecuterOptions
        {
            SecurityMode = security,
            ExecutionMode = execution,
            WorkingDirectory = workingDirectory,
            Timeout = TimeSpan.FromSeconds(10),
        };
        options.Limits.MemoryBytes = 1L << 30;
        configure?.Invoke(options);
        return new CodeExecuter(options) { AllowIsolation = isolation, StaticPolicy = staticPolicy, RuntimeGuard = runtimeGuard, AllowMemoryCgroup = allowMemoryCgroup };
    }
}

/// <summary>One world and the executers over it, shared by a test class.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private readonly Dictionary<string, CodeExecuter> _executers = [];
    private readonly Lock _gate = new();

    public TestWorld World { get; } = new();

    public CodeExecuter Get(SecurityMode security, ExecutionMode execution, bool isolation, bool staticPolicy = true, bool runtimeGuard = true)
    {
        var key = $"{security}/{execution}/{isolation}/{staticPolicy}/{runtimeGuard}";
        lock (_gate)
        {
            if (!_executers.TryGetValue(key, out var executer))
            {
                executer = ExecuterConfigurations.Create(World.Work, security, execution, isolation, staticPolicy: staticPolicy, runtimeGuard: runtimeGuard);
                _executers[key] = executer;
            }

            return executer;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var executer in _executers.Values)
        {
            await executer.DisposeAsync();
        }

        World.Dispose();
    }
}
