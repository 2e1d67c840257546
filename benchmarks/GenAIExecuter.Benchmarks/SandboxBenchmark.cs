using System.Globalization;

namespace GenAIExecuter.Benchmarks;

/// <summary>Measures, in one run, a bare `python3 -I -S -c` cold start (the floor) and ExecuteCodeAsync in each mode,
/// for three snippets; prints medians and ratios to the floor. Figures from one machine are only comparable within one run.</summary>
internal static class SandboxBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40;
        var snippets = new (string Name, string Code, int Runs)[]
        {
            ("print(1)", "print(1)", iterations),
            ("compute ~60 ms", "s = 0\nfor i in range(1_300_000):\n    s += i * i % 7\nprint(s)", Math.Max(5, iterations / 3)),
            ("stdlib imports", "import json, re, datetime, collections, statistics\nprint(statistics.mean([1, 2, 3]), json.dumps({'a': 1}))", iterations),
        };

        var report = await Machine.DescribeAsync();
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


    }
}
