using Microsoft.Extensions.Logging;

namespace GenAIExecuter;

/// <summary>Settings of a <see cref="CodeExecuter"/>. Every property has a default; null means "use the default".</summary>
public sealed class CodeExecuterOptions
{
    /// <summary>How strictly code is confined.</summary>
    /// <value>The default value is <see cref="SecurityMode.Safe"/>.</value>
    public SecurityMode SecurityMode { get; set; } = SecurityMode.Safe;

    /// <summary>How the Python process is obtained.</summary>
    /// <value>The default value is <see cref="ExecutionMode.Subprocess"/>.</value>
    public ExecutionMode ExecutionMode { get; set; } = ExecutionMode.Subprocess;

    /// <summary>The Python interpreter: a path, or a command name looked up on PATH.</summary>
    /// <value>The default value is null: the first <c>python3</c> on PATH (<c>python</c> on Windows).</value>
    public string? Python { get; set; }

    /// <summary>How long one run may take before its process tree is killed.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan Timeout { get; set; } = CodeExecuterDefaults.Timeout;

    /// <summary>Per-run resource limits.</summary>
    public ResourceLimits Limits { get; set; } = new();

    /// <summary>When true, SAFE mode refuses to run (with <see cref="IsolationUnavailableException"/>) where bubblewrap
    /// cannot isolate the code, instead of running with the other layers.</summary>
    /// <value>The default value is false.</value>
    public bool RequireIsolation { get; set; }

    /// <summary>When true, SAFE mode runs even where the kernel enforces nothing of it (no bubblewrap, and not both
    /// Landlock and seccomp: an old kernel, macOS, Windows). There it rests on the static policy and the in-process
    /// guard alone, which code that reads this project's source can switch off. When false (the default), SAFE mode
    /// refuses to run there with <see cref="IsolationUnavailableException"/>.</summary>
    /// <value>The default value is false.</value>
    public bool AllowWeakIsolation { get; set; }

    /// <summary>Extra paths the code may read in SAFE mode even though they are hidden by default
    /// (for example a data folder under the home directory).</summary>
    public IList<string> ReadOnlyPaths { get; } = [];

    /// <summary>In <see cref="ExecutionMode.Subprocess"/>, how many fresh sandboxed processes to keep started ahead of
    /// need, so that a run does not wait for Python and the sandbox to start. Each process still serves exactly one
    /// run and is never reused; 0 starts every process on demand.</summary>
    /// <value>The default value is 2 (two, so that back-to-back runs find one ready on a two-core machine).</value>
    public int PrestartedProcesses { get; set; } = CodeExecuterDefaults.PrestartedProcesses;

    /// <summary>In <see cref="ExecutionMode.Exec"/>, the modules the warm process imports once, so that a run that
    /// imports them pays for a fork, not an import. Modules this interpreter lacks are skipped. Every run still starts
    /// from its own copy: what one run changes in a module never reaches the next.</summary>
    /// <value>The default value is the standard-library modules LLM-written code imports most, and the data stack
    /// (numpy, pandas, matplotlib.pyplot) where it is installed.</value>
    public IList<string> PreloadModules { get; } = [.. CodeExecuterDefaults.PreloadModules];

    /// <summary>The directory the code runs in (readable, not writable, in SAFE mode).</summary>
    /// <value>The default value is null: the current directory.</value>
    public string? WorkingDirectory { get; set; }

    /// <summary>Names of environment variables that hold secrets (API keys) and must never reach the code,
    /// in addition to the built-in list (<c>*_API_KEY</c>, <c>*TOKEN*</c>, <c>*SECRET*</c>, <c>*PASSWORD*</c>, …).</summary>
    public IList<string> SecretEnvironmentVariables { get; } = [];

    /// <summary>Where the files runs produce (<see cref="ExecutionResult.Artifacts"/>) are kept: a folder per execution,
    /// named by its id.</summary>
    /// <value>The default value is null: <c>genai-executer/artifacts</c> in the system's temporary folder.</value>
    public string? ArtifactsDirectory { get; set; }

    /// <summary>The folder of the execution history (one JSON file per execution), created on the first save.</summary>
    /// <value>The default value is <c>executions</c>, in the current directory when the executer is created.</value>
    public string ExecutionsDirectory { get; set; } = CodeExecuterDefaults.ExecutionsDirectory;

    /// <summary>Whether instructions run with <c>RunAsync</c> are saved to the history by default.
    /// (<see cref="CodeExecuter.ExecuteCodeAsync"/> saves only when asked.)</summary>
    /// <value>The default value is true.</value>
    public bool SaveExecutions { get; set; } = true;

    /// <summary>How many times <c>RunAsync</c> asks the model to fix failed code (the first attempt not counted).</summary>
    /// <value>The default value is 2.</value>
    public int MaxRetries { get; set; } = CodeExecuterDefaults.MaxRetries;

    /// <summary>The sampling temperature asked of the model; null for the provider's default.</summary>
    /// <value>The default value is 0.1.</value>
    public double? Temperature { get; set; } = CodeExecuterDefaults.Temperature;

    /// <summary>The LLM provider used when no <c>IChatClient</c> is given: gemini, openai, perplexity, ollama, anthropic
    /// or openai-compatible.</summary>
    /// <value>The default value is null: gemini.</value>
    public string? Provider { get; set; }

    /// <summary>The provider's endpoint, replacing its default (for ollama and anthropic, the server root).</summary>
    /// <value>The default value is null: the provider's own endpoint.</value>
    public string? BaseUrl { get; set; }

    /// <summary>The provider's API key. Never logged, printed or saved, and never visible to the code.</summary>
    /// <value>The default value is null: the environment variable, OS keyring or key file is used.</value>
    public string? ApiKey { get; set; }

    /// <summary>Whether API keys are looked up in the OS keyring (after the environment variables, before key files),
    /// and key files are moved into it. Turn off to keep the keyring untouched.</summary>
    /// <value>The default value is true.</value>
    public bool UseKeyring { get; set; } = true;

    /// <summary>The model to ask for; null for the chat client's default model.</summary>
    /// <value>The default value is null.</value>
    public string? ModelName { get; set; }

    /// <summary>The clock used for timestamps and execution ids.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where diagnostics go. Program output and code are logged only at Trace level.</summary>
    /// <value>The default value is null: no logging.</value>
    public ILoggerFactory? LoggerFactory { get; set; }

    internal void Validate()
    {
        if (Timeout <= TimeSpan.Zero || Timeout > CodeExecuterDefaults.MaxTimeout)
        {
            throw new ConfigurationException($"Timeout must be between 0 and {CodeExecuterDefaults.MaxTimeout.TotalHours} hours; it is {Timeout}.");
        }

        if (!Enum.IsDefined(SecurityMode))
        {
            throw new ConfigurationException($"SecurityMode '{SecurityMode}' is not one of: {string.Join(", ", Enum.GetNames<SecurityMode>())}.");
        }

        if (!Enum.IsDefined(ExecutionMode))
        {
            throw new ConfigurationException($"ExecutionMode '{ExecutionMode}' is not one of: {string.Join(", ", Enum.GetNames<ExecutionMode>())}.");
        }

        if (PrestartedProcesses is < 0 or > CodeExecuterDefaults.MaxPrestartedProcesses)
        {
            throw new ConfigurationException($"PrestartedProcesses must be between 0 and {CodeExecuterDefaults.MaxPrestartedProcesses}; it is {PrestartedProcesses}.");
        }

        if (MaxRetries is < 0 or > 20)
        {
            throw new ConfigurationException($"MaxRetries must be between 0 and 20; it is {MaxRetries}.");
        }

        if (Temperature is < 0 or > 2)
        {
            throw new ConfigurationException($"Temperature must be between 0 and 2; it is {Temperature}.");
        }

        if (string.IsNullOrWhiteSpace(ExecutionsDirectory))
        {
            throw new ConfigurationException("ExecutionsDirectory must be a folder path, for example 'executions'.");
        }

        ArgumentNullException.ThrowIfNull(Limits);
        Limits.Validate();
    }
}

/// <summary>The default values of <see cref="CodeExecuterOptions"/>, in one place.</summary>
internal static class CodeExecuterDefaults
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);
    public const int PrestartedProcesses = 2;

    /// <summary>The default of <see cref="CodeExecuterOptions.PreloadModules"/>.</summary>
    public static readonly IReadOnlyList<string> PreloadModules =
    [
        "json", "re", "math", "random", "statistics", "collections", "itertools", "functools", "datetime", "decimal",
        "fractions", "string", "csv", "dataclasses", "typing", "pathlib", "numpy", "pandas", "matplotlib.pyplot",
    ];
    public const string ExecutionsDirectory = "executions";
    public const int MaxRetries = 2;
    public const double Temperature = 0.1;
    public const int MaxPrestartedProcesses = 16;
}
