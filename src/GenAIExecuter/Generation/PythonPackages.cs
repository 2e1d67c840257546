using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using GenAIExecuter.Sandbox;

namespace GenAIExecuter.Generation;

/// <summary>The third-party packages installed for an interpreter, probed once per process (for the prompt).</summary>
internal static class PythonPackages
{
    private const string Probe =
        "import importlib.metadata as m, json; " +
        "print(json.dumps(sorted({(d.metadata['Name'] or '').lower() for d in m.distributions()} - {''})))";

    private static readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>> Cache = new(StringComparer.Ordinal);

    public static Task<IReadOnlyList<string>> GetAsync(PythonInterpreter python, CancellationToken cancellationToken) =>
        Cache.GetOrAdd(python.Executable, _ => new Lazy<Task<IReadOnlyList<string>>>(() => ProbeAsync(python))).Value.WaitAsync(cancellationToken);

    private static async Task<IReadOnlyList<string>> ProbeAsync(PythonInterpreter python)
    {
        var start = new ProcessStartInfo(python.Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-E", "-c", Probe })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
            await process.WaitForExitAsync().ConfigureAwait(false);
            return process.ExitCode == 0 ? JsonSerializer.Deserialize<List<string>>(output) ?? [] : [];
        }
        catch (Exception error) when (error is System.ComponentModel.Win32Exception or JsonException)
        {
            return []; // the prompt then says only the standard library is known to be there
        }
    }
}
