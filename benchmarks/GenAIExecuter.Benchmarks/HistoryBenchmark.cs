using System.Diagnostics;
using System.Globalization;
using System.Text;
using GenAIExecuter.History;

namespace GenAIExecuter.Benchmarks;

/// <summary>With many records in the history folder: List(10), Get(id) and one save, as medians, beside the cost of
/// reading one record file and of one directory scan (for listing), and of File.WriteAllBytes of the same bytes (for saving).</summary>
internal static class HistoryBenchmark
{
    public static void Run(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var folder = Directory.CreateTempSubdirectory("genai-history-bench-").FullName;
        try
        {
            var history = new ExecutionHistory(folder);
            var clock = Stopwatch.StartNew();
            var start = new DateTime(2026, 1, 1, 0, 0, 0);
            for (var i = 0; i < count; i++)
            {
                history.Save(Record(start.AddTicks(i * 10L), i));
            }

            Console.WriteLine($"{count} records written in {clock.Elapsed.TotalSeconds:0.0} s into {folder}\n");
            var files = Directory.GetFiles(folder);
            var one = files[files.Length / 2];
            var id = Path.GetFileName(one)[..22];
            var bytes = File.ReadAllBytes(one);
            var scratch = Path.Combine(folder, "..", Path.GetFileName(folder) + "-plain");
            Directory.CreateDirectory(scratch);

            var read = Median(() => File.ReadAllBytes(one));
            var seen = 0;
            var scan = Median(() => seen = Directory.EnumerateFiles(folder, "*.json").Count());
            var list = Median(() => history.List(10));
            var get = Median(() => history.Get(id));
            var n = 0;
            var write = Median(() => File.WriteAllBytes(Path.Combine(scratch, $"plain-{n++}.json"), bytes));
            var save = Median(() => history.Save(Record(start.AddDays(1).AddTicks(n++ * 10L), n)));

            Console.WriteLine("| operation | median ms | compared with | ratio | target |");
            Console.WriteLine("|---|---:|---|---:|---|");
            Console.WriteLine($"| read one record file | {read:0.000} | | | |");
            Console.WriteLine($"| scan the folder's names ({seen} files) | {scan:0.000} | | | |");
            Console.WriteLine($"| List(10) | {list:0.000} | one read + one scan | {list / (read + scan):0.00} | ≤ 20 |");
            Console.WriteLine($"| Get(id) | {get:0.000} | one read + one scan | {get / (read + scan):0.00} | |");
            Console.WriteLine($"| File.WriteAllBytes ({bytes.Length} bytes) | {write:0.000} | | | |");
            Console.WriteLine($"| Save (serialize + atomic publish) | {save:0.000} | File.WriteAllBytes | {save / write:0.00} | ≤ 2 |");
            Directory.Delete(scratch, recursive: true);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Median(Action action, int runs = 31)
    {
        for (var i = 0; i < 3; i++)
        {
            action();
        }

        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static ExecutionResult Record(DateTime stamp, int i) => new()
    {
        ExecutionId = stamp.ToString("yyyyMMdd'_'HHmmss'_'ffffff", CultureInfo.InvariantCulture),
        Timestamp = stamp,
        Instruction = "Calculate the factorial of 10 and display the result",
        Code = "import math\nprint(math.factorial(10))",
        Status = i % 7 == 0 ? ExecutionStatus.RuntimeError : ExecutionStatus.Succeeded,
        Output = "3628800\n",
        Error = string.Empty,
        ExecutionTime = TimeSpan.FromMilliseconds(40 + (i % 13)),
        SecurityMode = SecurityMode.Safe,
        ExecutionMode = ExecutionMode.Subprocess,
        Sandbox = new SandboxReport { Layers = ["static-policy", "runtime-guard", "bubblewrap"], Isolated = true, PythonExecutable = "/usr/bin/python3", PythonVersion = "3.11.7" },
    };
}
