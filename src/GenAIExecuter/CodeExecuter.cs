using GenAIExecuter.Generation;
using GenAIExecuter.History;
using GenAIExecuter.Sandbox;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GenAIExecuter;

/// <summary>
/// Runs Python code in a layered, secure sandbox and reports what it printed. The entry point of GenAI Executer.
/// Dispose it to stop the warm processes it keeps (the prestarted subprocess, the fork server).
/// </summary>
public sealed partial class CodeExecuter : IAsyncDisposable, IDisposable
{
    private readonly CodeExecuterOptions _options;
    private readonly IChatClient? _chatClient;
    private readonly Lazy<ProviderClient> _providerClient;
    private readonly ILogger _logger;
    private readonly ExecutionIdGenerator _ids;
    private readonly Dictionary<SecurityMode, Lazy<Task<ISandbox>>> _sandboxes = [];
    private readonly Lock _gate = new();
    private SecurityMode _securityMode;
    private bool _disposed;

    /// <summary>Creates an executer with the given options; without options, with the configuration (config.json or
    /// config.toml, <c>GENAI_EXECUTER_*</c> variables) over the defaults (SAFE, subprocess, 30 s timeout).</summary>
    /// <exception cref="ConfigurationException">An option has a value that is not allowed.</exception>
    public CodeExecuter(CodeExecuterOptions? options = null)
        : this(null, options)
    {
    }

    /// <summary>Creates an executer that generates code with the given chat client (any Microsoft.Extensions.AI
    /// <see cref="IChatClient"/>: OpenAI, Ollama, Anthropic, or your own).</summary>
    /// <param name="chatClient">The model to ask for code; null when only <see cref="ExecuteCodeAsync"/> is used.</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <exception cref="ConfigurationException">An option has a value that is not allowed.</exception>
    public CodeExecuter(IChatClient? chatClient, CodeExecuterOptions? options = null)
    {
        _chatClient = chatClient;
        _options = options ?? Configuration.ConfiguredOptions.Load().Options;
        _options.Validate();
        _securityMode = _options.SecurityMode;
        _logger = (ILogger?)_options.LoggerFactory?.CreateLogger<CodeExecuter>() ?? NullLogger.Instance;
        _providerClient = new Lazy<ProviderClient>(() => ChatClientFactory.Create(_options, WorkingDirectory, _logger));
        _ids = new ExecutionIdGenerator(_options.TimeProvider);
        History = new ExecutionHistory(_options.ExecutionsDirectory, _logger);
    }

    private string WorkingDirectory => Path.GetFullPath(_options.WorkingDirectory ?? Directory.GetCurrentDirectory());

    /// <summary>The execution history this executer saves to and reads from.</summary>
    public ExecutionHistory History { get; }

    /// <summary>The security mode the next execution runs under.</summary>
    public SecurityMode SecurityMode
    {
        get
        {
            lock (_gate)
            {
                return _securityMode;
            }
        }
    }

    /// <summary>The execution mode of this executer.</summary>
    public ExecutionMode ExecutionMode => _options.ExecutionMode;

    /// <summary>Turns OS isolation off for this executer (used to test the other layers on their own).</summary>
    internal bool AllowIsolation { get; init; } = true;

    /// <summary>Turns the static policy off (used to test the runtime guard on its own).</summary>
    internal bool StaticPolicy { get; init; } = true;

    /// <summary>Turns the kernel layers off, as on a machine without them (used to test the refusal to run weakly).</summary>
    internal bool AllowKernelLayers { get; init; } = true;

    /// <summary>False only in tests of the fallback: SAFE then limits memory by address space, as where no cgroup can be made.</summary>
    internal bool AllowMemoryCgroup { get; init; } = true;

    /// <summary>Turns the runtime guard off (with <see cref="StaticPolicy"/> off, used to prove the kernel layers on their own).</summary>
    internal bool RuntimeGuard { get; init; } = true;

    /// <summary>Starts to run the next executions under another security mode.</summary>
    /// <param name="mode">The mode.</param>
    public void SetSecurityMode(SecurityMode mode)
    {
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"SecurityMode must be one of: {string.Join(", ", Enum.GetNames<SecurityMode>())}.");
        }

        lock (_gate)
        {
            _securityMode = mode;
        }
    }

    /// <summary>Returns what confines runs in the current security mode, preparing the sandbox if needed.</summary>
    /// <exception cref="PythonNotFoundException">No usable Python interpreter.</exception>
    /// <exception cref="IsolationUnavailableException">Isolation is required and not available.</exception>
    public async Task<SandboxReport> GetSandboxReportAsync(CancellationToken cancellationToken = default) =>
        (await GetSandboxAsync(SecurityMode, cancellationToken).ConfigureAwait(false)).Plan.Report;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        List<Lazy<Task<ISandbox>>> sandboxes;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            sandboxes = [.. _sandboxes.Values];
        }

        if (_providerClient.IsValueCreated)
        {
            _providerClient.Value.Client.Dispose();
        }

        foreach (var lazy in sandboxes.Where(l => l.IsValueCreated))
        {
            try
            {
                await (await lazy.Value.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (GenAIExecuterException)
            {
                // It never started.
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private Task<ISandbox> GetSandboxAsync(SecurityMode mode, CancellationToken cancellationToken)
    {
        Lazy<Task<ISandbox>> lazy;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_sandboxes.TryGetValue(mode, out lazy!) || (lazy.IsValueCreated && lazy.Value.IsFaulted))
            {
                lazy = new Lazy<Task<ISandbox>>(() => CreateSandboxAsync(mode));
                _sandboxes[mode] = lazy;
            }
        }

        return lazy.Value.WaitAsync(cancellationToken);
    }

    private async Task<ISandbox> CreateSandboxAsync(SecurityMode mode)
    {
        var plan = await SandboxPlanner.CreateAsync(_options, mode, AllowIsolation, AllowKernelLayers, CancellationToken.None, AllowMemoryCgroup).ConfigureAwait(false) with { StaticPolicy = StaticPolicy, RuntimeGuard = RuntimeGuard };
        Log.SandboxReady(_logger, mode, string.Join(",", plan.Report.Layers), plan.Python.Version, plan.Python.Executable);
        if (mode == SecurityMode.Safe && !plan.Report.Isolated)
        {
            Log.IsolationUnavailable(_logger, plan.Report.IsolationUnavailableReason ?? "unknown");
        }

        return _options.ExecutionMode == ExecutionMode.Exec
            ? new ForkServerSandbox(plan, _options.PreloadModules)
            : new SubprocessSandbox(plan, _options.PrestartedProcesses);
    }
}
