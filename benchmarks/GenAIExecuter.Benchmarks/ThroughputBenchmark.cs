using System.Diagnostics;
using System.Globalization;

namespace GenAIExecuter.Benchmarks;

/// <summary>Throughput and latency under concurrency: at 1, 4, 16 and 64 callers at once, a short program (four
/// printed lines) through each execution mode, beside the floor measured in the same run: bare
/// `python3 -I -S -c` processes started at the same concurrency. Every result is checked for its exact output.</summary>
internal static class ThroughputBenchmark
{
    private const string Code = "for k in range(4):\n    print('line', k)";
    private const string Expected = "line 0\nline 1\nline 2\nline 3\n";

    public static async Task RunAsync(string[] args)
    {
        var perCaller = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 8;
        var report = await Machine.DescribeAsync();
        Console.WriteLine($"{Environment.ProcessorCount} cores; max(40, {perCaller} × concurrency) calls per row; ratio = runs/s over the floor's runs/s at the same concurrency.\n");
        Console.WriteLine("| concurrency | configuration | runs/s | p50 ms | p99 ms | throughput × floor |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|");

        var configurations = new (string Name, SecurityMode Security, ExecutionMode Mode)[]
        {
            ("SAFE + Subprocess", SecurityMode.Safe, ExecutionMode.Subprocess),
            ("SAFE + Exec", SecurityMode.Safe, ExecutionMode.Exec),
            ("PERMISSIVE + Exec", SecurityMode.Permissive, ExecutionMode.Exec),
        };
        foreach (var concurrency in new[] { 1, 4, 16, 64 })
        {
            var calls = Math.Max(40, perCaller * concurrency);
            var floor = await MeasureAsync(calls, concurrency, () => BarePython.RunAsync(report.PythonExecutable, Code));
            Print(concurrency, "bare python3 -I -S -c (floor)", floor, floor);
            foreach (var (name, security, mode) in configurations)
            {
                await using var executer = new CodeExecuter(new CodeExecuterOptions { SecurityMode = security, ExecutionMode = mode });
                await executer.ExecuteCodeAsync("pass"); // started: the rows measure runs, not the first start
                var measured = await MeasureAsync(calls, concurrency, async () =>
                {
                    var result = await executer.ExecuteCodeAsync(Code);
                    if (!result.Success || result.Output != Expected)
                    {
                        throw new InvalidOperationException($"{name} gave {result.Status}: '{result.Output}' '{result.Error}'");
                    }
                });
                Print(concurrency, name, measured, floor);
            }
        }
    }

    private static void Print(int concurrency, string name, Figures figures, Figures floor) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {concurrency} | {name} | {figures.RunsPerSecond:0.0} | {figures.P50:0.0} | {figures.P99:0.0} | {figures.RunsPerSecond / floor.RunsPerSecond:0.00} |"));

    private static async Task<Figures> MeasureAsync(int calls, int concurrency, Func<Task> call)
    {
        // A short warm-up at the same concurrency, so that the first measured calls do not pay for JIT and caches.
        await Parallel.ForEachAsync(Enumerable.Range(0, concurrency), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, _) => await call());
        var latencies = new double[calls];
        var total = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, calls), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
        {
            var clock = Stopwatch.StartNew();
            await call();
            latencies[i] = clock.Elapsed.TotalMilliseconds;
        });
        var seconds = total.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new Figures(calls / seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private readonly record struct Figures(double RunsPerSecond, double P50, double P99);
}
