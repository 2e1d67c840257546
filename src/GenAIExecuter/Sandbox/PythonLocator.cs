using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace GenAIExecuter.Sandbox;

/// <summary>Finds the configured Python and probes it once per process: shims cost ~90 ms per start, so the
/// real executable and its search path are learned once and reused.</summary>
internal static class PythonLocator
{
    private const string ProbeScript =
        "import sys, json; print(json.dumps({'executable': sys.executable, " +
        "'version': '%d.%d.%d' % sys.version_info[:3], 'supported': sys.version_info >= (3, 9), " +
        "'path': [p for p in sys.path if p], " +
        "'prefixes': sorted({sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix})}))";

    private static readonly ConcurrentDictionary<string, Lazy<Task<PythonInterpreter>>> Cache = new(StringComparer.Ordinal);

    public static Task<PythonInterpreter> ResolveAsync(string? configured, CancellationToken cancellationToken)
    {
        var key = configured ?? string.Empty;
        var lazy = Cache.GetOrAdd(key, k => new Lazy<Task<PythonInterpreter>>(() => ProbeAsync(k.Length == 0 ? null : k)));
        var task = lazy.Value;
        if (task.IsFaulted)
        {
            Cache.TryRemove(new KeyValuePair<string, Lazy<Task<PythonInterpreter>>>(key, lazy));
        }

        return task.WaitAsync(cancellationToken);
    }

    private static async Task<PythonInterpreter> ProbeAsync(string? configured)
    {
        var candidate = FindCandidate(configured);
        var start = new ProcessStartInfo(candidate)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-E");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(ProbeScript);
        string stdout, stderr;
        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null.");
            var errTask = process.StandardError.ReadToEndAsync();
            stdout = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
            stderr = await errTask.ConfigureAwait(false);
            await process.WaitForExitAsync().ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new PythonNotFoundException($"The Python interpreter '{candidate}' failed to start (exit code {process.ExitCode}): {stderr.Trim()} " + HowToFix);
            }
        }
        catch (System.ComponentModel.Win32Exception error)
        {
            throw new PythonNotFoundException($"The Python interpreter '{candidate}' could not be started: {error.Message}. " + HowToFix, error);
        }

        return Parse(candidate, stdout);
    }

    private static PythonInterpreter Parse(string candidate, string stdout)
    {
        try
        {
            using var doc = JsonDocument.Parse(stdout);
            var root = doc.RootElement;
            var version = root.GetProperty("version").GetString()!;
            if (!root.GetProperty("supported").GetBoolean())
            {
                throw new PythonNotFoundException($"The Python interpreter '{candidate}' is version {version}; GenAI Executer needs Python 3.9 or newer. " + HowToFix);
            }

            return new PythonInterpreter(
                root.GetProperty("executable").GetString()!,
                version,
                [.. root.GetProperty("path").EnumerateArray().Select(e => e.GetString()!)],
                [.. root.GetProperty("prefixes").EnumerateArray().Select(e => e.GetString()!)]);
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new PythonNotFoundException($"'{candidate}' does not look like a Python interpreter (its probe printed: {Truncate(stdout)}). " + HowToFix, error);
        }
    }

    private static string FindCandidate(string? configured)
    {
        var name = configured ?? (OperatingSystem.IsWindows() ? "python" : "python3");
        if (name.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || name.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(name)
                ? Path.GetFullPath(name)
                : throw new PythonNotFoundException($"The Python interpreter '{name}' does not exist. " + HowToFix);
        }

        return ExecutableSearch.Find(name)
            ?? throw new PythonNotFoundException($"No '{name}' was found on PATH. " + HowToFix);
    }

    private static string Truncate(string text) => text.Length <= 200 ? text.Trim() : text[..200] + "…";

    private const string HowToFix =
        "Install Python 3.9+ (Debian/Ubuntu: 'apt-get install python3'; macOS: 'brew install python'; Windows: python.org), " +
        "or point to one with the Python option or '--python PATH'.";
}
