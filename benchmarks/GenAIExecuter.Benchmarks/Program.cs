using System.Diagnostics;
using System.Globalization;
using GenAIExecuter;
using GenAIExecuter.Benchmarks;

// Measures, in one run, a bare `python3 -I -S -c` cold start (the floor) and ExecuteCodeAsync in each mode, for three
// snippets; prints medians and ratios to the floor. Figures from one machine are only comparable within one run.
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40;
var snippets = new (string Name, string Code, int Runs)[]
{
    ("print(1)", "print(1)", iterations),
    ("compute ~60 ms", "s = 0\nfor i in range(1_300_000):\n    s += i * i % 7\nprint(s)", Math.Max(5, iterations / 3)),
    ("stdlib imports", "import json, re, datetime, collections, statistics\nprint(statistics.mean([1, 2, 3]), json.dumps({'a': 1}))", iterations),
};

await using var probe = new CodeExecuter();
var report = await probe.GetSandboxReportAsync();
Console.WriteLine($"Python {report.PythonVersion} at {report.PythonExecutable}; bubblewrap: {(report.Isolated ? "yes" : "no (" + report.IsolationUnavailableReason + ")")}");
Console.WriteLine($"{Environment.ProcessorCount} cores; medians of the runs; ratio = median / floor median.\n");
Console.WriteLine("| snippet | configuration | median ms | ratio to floor |");
Console.WriteLine("|---|---|---:|---:|");

var configurations = new (string Name, SecurityMode Security, ExecutionMode Mode, bool Prestart)[]
{
    ("SAFE + Subprocess", SecurityMode.Safe, ExecutionMode.Subprocess, true),
    ("SAFE + Subprocess (no prestart)", SecurityMode.Safe, ExecutionMode.Subprocess, false),
    ("SAFE + Exec", SecurityMode.Safe, ExecutionMode.Exec, true),
    ("PERMISSIVE + Subprocess", SecurityMode.Permissive, ExecutionMode.Subprocess, true),
    ("PERMISSIVE + Exec", SecurityMode.Permissive, ExecutionMode.Exec, true),
};

foreach (var (name, code, runs) in snippets)
{
    var floor = await Measure.MedianAsync(runs, () => BarePython.RunAsync(report.PythonExecutable, code));
    Console.WriteLine($"| {name} | bare python3 -I -S -c (floor) | {floor:0.00} | 1.00 |");
    foreach (var configuration in configurations)
    {
        await using var executer = new CodeExecuter(new CodeExecuterOptions
        {
            SecurityMode = configuration.Security,
            ExecutionMode = configuration.Mode,
            PrestartedProcesses = configuration.Prestart ? new CodeExecuterOptions().PrestartedProcesses : 0,
        });
        var median = await Measure.MedianAsync(runs, async () =>
        {
            var result = await executer.ExecuteCodeAsync(code);
            if (!result.Success)
            {
                throw new InvalidOperationException($"{configuration.Name} failed: {result.Error}");
            }
        });
        Console.WriteLine($"| {name} | {configuration.Name} | {median:0.00} | {median / floor:0.00} |");
    }
}

namespace GenAIExecuter.Benchmarks
{
    /// <summary>Medians of wall-clock times, after warm-up runs.</summary>
    internal static class Measure
    {
        public static async Task<double> MedianAsync(int runs, Func<Task> action)
        {
            for (var i = 0; i < 10; i++)
            {
                await action();
            }

            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var clock = Stopwatch.StartNew();
                await action();
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            return times[times.Count / 2];
        }
    }

    /// <summary>The floor: a bare cold start of the same interpreter, started the same way (a .NET Process).</summary>
    internal static class BarePython
    {
        public static async Task RunAsync(string python, string code)
        {
            var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { "-I", "-S", "-c", code })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"bare python exited with {process.ExitCode}");
            }
        }
    }
}
