namespace GenAIExecuter.Sandbox;

/// <summary>The environment the code sees: minimal in SAFE mode; in PERMISSIVE mode the executer's own, less
/// every variable that looks like a secret.</summary>
internal static class SandboxEnvironment
{
    private static readonly string[] KnownKeys =
        ["GEMINI_API_KEY", "GOOGLE_API_KEY", "OPENAI_API_KEY", "PERPLEXITY_API_KEY", "ANTHROPIC_API_KEY", "GENAI_EXECUTER_API_KEY"];

    /// <summary>The most threads a numerical library (OpenBLAS, OpenMP, MKL) starts in a SAFE run.</summary>
    private const int MaxNumericThreads = 4;

    private static readonly string[] NumericThreadVariables = ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_MAX_THREADS"];

    private static readonly string[] SecretMarkers = ["KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "AUTH"];

    public static Dictionary<string, string> For(SecurityMode mode, string? isolatedHome, IEnumerable<string> extraSecrets)
    {
        var secrets = new HashSet<string>(KnownKeys.Concat(extraSecrets), StringComparer.OrdinalIgnoreCase);
        if (mode == SecurityMode.Permissive)
        {
            var inherited = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            {
                var name = (string)entry.Key;
                if (!IsSecret(name, secrets))
                {
                    inherited[name] = (string?)entry.Value ?? string.Empty;
                }
            }

            return inherited;
        }

        var minimal = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
            ["LANG"] = "C.UTF-8",
            ["LC_ALL"] = "C.UTF-8",
            ["PYTHONIOENCODING"] = "utf-8",
            // Charts render to images: no display to wait for, and plt.show() returns at once.
            ["MPLBACKEND"] = "Agg",
        };
        // Numerical libraries start a thread (and reserve memory) per core; a sandboxed run gets a few.
        var threads = Math.Clamp(Environment.ProcessorCount, 1, MaxNumericThreads).ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var name in NumericThreadVariables)
        {
            minimal[name] = threads;
        }

        if (isolatedHome is not null)
        {
            minimal["HOME"] = isolatedHome; // an empty private tmpfs under bubblewrap; otherwise the runner points HOME at the scratch
        }

        if (Environment.GetEnvironmentVariable("TZ") is { Length: > 0 } tz)
        {
            minimal["TZ"] = tz;
        }

        return minimal;
    }

    public static bool IsSecret(string name, ISet<string> secrets) =>
        secrets.Contains(name) || SecretMarkers.Any(m => name.Contains(m, StringComparison.OrdinalIgnoreCase));
}
