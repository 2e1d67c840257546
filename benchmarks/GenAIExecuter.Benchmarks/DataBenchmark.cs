using System.Globalization;

namespace GenAIExecuter.Benchmarks;

/// <summary>A pandas snippet (read a CSV, group, print) with Debian's /usr/bin/python3 and its data stack, beside a
/// cold <c>python3 -I -c</c> of the same snippet in the same run (the floor; -I keeps site-packages, which pandas
/// needs). Targets: SAFE + Exec at most 0.1× the floor (the warm process has pandas imported), SAFE + Subprocess at
/// most 1.3×. Each configuration is measured back to back and with runs 0.5 s apart (as an agent's calls come: its
/// model takes seconds between them), since Exec mode warms its next worker for the data stack only when there is time
/// for it. Usage: <c>data [ITERATIONS]</c>.</summary>
internal static class DataBenchmark
{
    private const string Python = "/usr/bin/python3";

    private const string Snippet = "import pandas as pd\ndf = pd.read_csv('sales.csv')\nprint(df.groupby('region')['units'].sum().to_string())";

    public static async Task RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var work = Directory.CreateTempSubdirectory("genai-data-bench-").FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "sales.csv"), "region,units\nNorth,12\nSouth,7\nNorth,3\nEast,20\nSouth,15\n");
        Console.WriteLine($"{Environment.ProcessorCount} cores; {Python}; a pandas snippet; medians of {runs} runs; ratio = median / floor median.\n");
        Console.WriteLine("| configuration | back to back: median ms | ratio to floor | 0.5 s apart: median ms | ratio to floor |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var floor = await Measure.MedianAsync(runs, () => BarePython.RunAsync(Python, Snippet, site: true, workingDirectory: work));
        Console.WriteLine($"| bare python3 -I -c (floor) | {floor:0.0} | 1.00 | | |");
        var configurations = new (string Name, SecurityMode Security, ExecutionMode Mode)[]
        {
            ("SAFE + Exec", SecurityMode.Safe, ExecutionMode.Exec),
            ("SAFE + Subprocess", SecurityMode.Safe, ExecutionMode.Subprocess),
            ("PERMISSIVE + Exec", SecurityMode.Permissive, ExecutionMode.Exec),
        };
        foreach (var (name, security, mode) in configurations)
        {
            await using var executer = new CodeExecuter(new CodeExecuterOptions
            {
                Python = Python,
                SecurityMode = security,
                ExecutionMode = mode,
                WorkingDirectory = work,
                SaveExecutions = false,
            });
            for (var i = 0; i < 3; i++)
            {
                await executer.ExecuteCodeAsync(Snippet); // warm-up: the server's start, the prestarted processes
            }

            async Task RunOnce()
            {
                var result = await executer.ExecuteCodeAsync(Snippet);
                if (!result.Success || !result.Output.Contains("North", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{name} failed: {result.Status} {result.Error}");
                }
            }

            var backToBack = await Measure.MedianAsync(runs, RunOnce);
            var apart = await Measure.MedianAsync(runs, RunOnce, TimeSpan.FromMilliseconds(500));
            Console.WriteLine($"| {name} | {backToBack:0.0} | {backToBack / floor:0.00} | {apart:0.0} | {apart / floor:0.00} |");
        }

        Directory.Delete(work, recursive: true);
    }
}
