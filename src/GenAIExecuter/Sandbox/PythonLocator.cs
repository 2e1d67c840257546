using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace GenAIExecuter.Sandbox;

/// <summary>Finds the configured Python and probes it: its real executable, version, search path and prefixes. A
/// pyenv-style shim costs hundreds of milliseconds per start, so what the probe learns is kept in memory for the
/// process and on disk for the next ones (<see cref="ProbeCache"/>), keyed by the interpreter's real path, size and
/// modification time, and for a shim script by what decides its version (PYENV_VERSION and the like, the
/// <c>.python-version</c> and <c>.tool-versions</c> files that apply, pyenv's global version file).</summary>
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

    private static Task<PythonInterpreter> ProbeAsync(string? configured) => ProbeAsync(configured, Environment.CurrentDirectory);

    /// <summary>The interpreter from the disk cache when its entry is current, else from a probe (then cached).</summary>
    internal static async Task<PythonInterpreter> ProbeAsync(string? configured, string directory)
    {
        var candidate = FindCandidate(configured);
        var key = CacheKey(candidate, directory);
        if (ProbeCache.TryRead(CacheKind, key) is { } cached && FromCache(candidate, cached) is { } known)
        {
            return known;
        }

        var stdout = await RunProbeAsync(candidate).ConfigureAwait(false);
        var interpreter = Parse(candidate, stdout);
        ProbeCache.Write(CacheKind, key, ProbeCache.Stamp(interpreter.Executable) + "\n" + stdout);
        return interpreter;
    }

    private const string CacheKind = "python";

    private static readonly string[] VersionVariables = ["PYENV_VERSION", "PYENV_ROOT", "PYENV_DIR", "ASDF_PYTHON_VERSION", "ASDF_DATA_DIR", "PATH"];

    /// <summary>Everything the probe's answer depends on.</summary>
    internal static string CacheKey(string candidate, string directory)
    {
        var key = new System.Text.StringBuilder().Append("candidate ").AppendLine(ProbeCache.Stamp(candidate));
        if (!IsScript(candidate))
        {
            return key.ToString();
        }

        foreach (var name in VersionVariables)
        {
            key.Append("env ").Append(name).Append('=').AppendLine(Environment.GetEnvironmentVariable(name));
        }

        for (var folder = new DirectoryInfo(Environment.GetEnvironmentVariable("PYENV_DIR") ?? directory); folder is not null; folder = folder.Parent)
        {
            foreach (var name in new[] { ".python-version", ".tool-versions" })
            {
                var file = Path.Combine(folder.FullName, name);
                if (File.Exists(file))
                {
                    key.Append("file ").AppendLine(ProbeCache.Stamp(file));
                }
            }
        }

        var root = Environment.GetEnvironmentVariable("PYENV_ROOT") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv");
        return key.Append("global ").AppendLine(ProbeCache.Stamp(Path.Combine(root, "version"))).ToString();
    }

    /// <summary>Whether the interpreter is a script (a shim) rather than a program.</summary>
    private static bool IsScript(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            Span<byte> start = stackalloc byte[2];
            return file.Read(start) == 2 && start[0] == '#' && start[1] == '!';
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A cached probe, when the executable it found is still the same file; else null.</summary>
    private static PythonInterpreter? FromCache(string candidate, string cached)
    {
        var newline = cached.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0)
        {
            return null;
        }

        try
        {
            var interpreter = Parse(candidate, cached[(newline + 1)..]);
            return ProbeCache.Stamp(interpreter.Executable) == cached[..newline] ? interpreter : null;
        }
        catch (PythonNotFoundException)
        {
            return null;
        }
    }

    private static async Task<string> RunProbeAsync(string candidate)
    {
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

        return stdout;
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
