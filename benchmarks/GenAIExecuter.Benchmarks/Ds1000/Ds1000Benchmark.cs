using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace GenAIExecuter.Benchmarks.Ds1000;

/// <summary>
/// DS-1000's reference solutions as a measure of the data stack in SAFE mode: each solution written into its test
/// program, run with plain /usr/bin/python3 and through GenAI Executer in each configuration, counting the programs
/// that pass. Usage: <c>ds1000 [--configs plain,permissive-exec,safe-exec,safe-subprocess] [--limit N]
/// [--concurrency N] [--data PATH]</c>. The data is read from ../shared/ds1000 (never copied into the repository).
/// </summary>
internal static partial class Ds1000Benchmark
{
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static async Task RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var problems = Ds1000Problem.Load(options.Data).Where(p => options.Ids is null || options.Ids.Contains(p.Id)).Take(options.Limit).ToList();
        Console.WriteLine($"DS-1000: {problems.Count} problems ({string.Join(", ", problems.GroupBy(p => p.Library).Select(g => $"{g.Key} {g.Count()}"))}), concurrency {options.Concurrency}, {Python}");
        foreach (var config in options.Configs)
        {
            var clock = Stopwatch.StartNew();
            var failures = await RunConfigAsync(config, problems, options.Concurrency);
            var passed = problems.Count - failures.Count;
            Console.WriteLine($"{config,-22} {passed,4}/{problems.Count} passed   ({clock.Elapsed.TotalSeconds:0} s)");
            foreach (var group in failures.GroupBy(f => f.Reason).OrderByDescending(g => g.Count()).Take(25))
            {
                Console.WriteLine($"    {group.Count(),3} × {group.Key}   [{string.Join(", ", group.Select(f => f.Id).Take(12))}]");
            }
        }
    }

    private static async Task<List<(int Id, string Reason)>> RunConfigAsync(string config, List<Ds1000Problem> problems, int concurrency)
    {
        var failures = new ConcurrentBag<(int, string)>();
        await using var executer = config == "plain" ? null : CreateExecuter(config);
        await Parallel.ForEachAsync(problems, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (problem, ct) =>
        {
            var (passed, reason) = executer is null ? await RunPlainAsync(problem, ct) : await RunSandboxedAsync(executer, problem);
            if (!passed)
            {
                failures.Add((problem.Id, reason));
            }
        });
        return [.. failures.OrderBy(f => f.Item1)];
    }

    private static CodeExecuter CreateExecuter(string config)
    {
        var options = new CodeExecuterOptions
        {
            Python = Python,
            SecurityMode = config.StartsWith("safe", StringComparison.Ordinal) ? SecurityMode.Safe : SecurityMode.Permissive,
            ExecutionMode = config.EndsWith("exec", StringComparison.Ordinal) ? ExecutionMode.Exec : ExecutionMode.Subprocess,
            WorkingDirectory = Directory.CreateTempSubdirectory("ds1000-").FullName,
            Timeout = Timeout,
            SaveExecutions = false,
        };
        options.Limits.MemoryBytes = 4L << 30;
        options.Limits.CpuTime = Timeout;
        return new CodeExecuter(options);
    }

    private static async Task<(bool, string)> RunSandboxedAsync(CodeExecuter executer, Ds1000Problem problem)
    {
        var result = await executer.ExecuteCodeAsync(problem.Program);
        if (result.Status == ExecutionStatus.Succeeded && result.Output.Contains(Ds1000Problem.PassMarker, StringComparison.Ordinal))
        {
            return (true, string.Empty);
        }

        return (false, result.Status == ExecutionStatus.PolicyViolation
            ? $"policy_violation {result.Violation!.Rule} ({result.Violation.Layer}): {Shorten(LinePrefix().Replace(result.Violation.Message, string.Empty))}"
            : $"{result.Status}: {LastLine(result.Error)}");
    }

    private static async Task<(bool, string)> RunPlainAsync(Ds1000Problem problem, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Path.GetTempPath(), $"ds1000-{problem.Id}-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(file, problem.Program, cancellationToken);
        try
        {
            var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(file);
            start.Environment["MPLBACKEND"] = "Agg";
            using var process = Process.Start(start)!;
            using var limit = new CancellationTokenSource(Timeout);
            var output = process.StandardOutput.ReadToEndAsync(limit.Token);
            var error = process.StandardError.ReadToEndAsync(limit.Token);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return (false, "timed out");
            }

            return process.ExitCode == 0 && (await output).Contains(Ds1000Problem.PassMarker, StringComparison.Ordinal)
                ? (true, string.Empty)
                : (false, $"exit {process.ExitCode}: {LastLine(await error)}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string LastLine(string text) =>
        Shorten(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no error text)");

    private static string Shorten(string text) => text.Length <= 110 ? text : text[..110] + "…";

    [System.Text.RegularExpressions.GeneratedRegex(@"^Line \d+: ")]
    private static partial System.Text.RegularExpressions.Regex LinePrefix();

    private sealed record Options(string[] Configs, int Limit, int Concurrency, string Data, HashSet<int>? Ids)
    {
        public static Options Parse(string[] args)
        {
            var configs = new[] { "plain", "permissive-exec", "safe-exec", "safe-subprocess" };
            var limit = int.MaxValue;
            HashSet<int>? ids = null;
            var concurrency = Math.Max(1, Environment.ProcessorCount);
            var data = Path.GetFullPath("../shared/ds1000/ds1000-5lib.jsonl.gz"); // run from the repository root
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--configs": configs = args[i + 1].Split(','); break;
                    case "--limit": limit = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                    case "--concurrency": concurrency = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                    case "--data": data = args[i + 1]; break;
                    case "--ids": ids = [.. args[i + 1].Split(',').Select(id => int.Parse(id, CultureInfo.InvariantCulture))]; break;
                    default: throw new ArgumentException($"Unknown option {args[i]}. Usage: ds1000 [--configs plain,permissive-exec,safe-exec,safe-subprocess] [--limit N] [--ids N,N] [--concurrency N] [--data PATH]");
                }
            }

            return new Options(configs, limit, concurrency, data, ids);
        }
    }
}
