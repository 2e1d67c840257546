using System.Diagnostics;

namespace GenAIExecuter.Benchmarks;

    /// <summary>Medians of wall-clock times, after warm-up runs.</summary>
    internal static class Measure
    {
        /// <param name="runs">How many timed runs.</param>
        /// <param name="action">One run.</param>
        /// <param name="pause">A pause before each timed run, not timed (an agent's calls come seconds apart).</param>
        public static async Task<double> MedianAsync(int runs, Func<Task> action, TimeSpan pause = default)
        {
            for (var i = 0; i < 10; i++)
            {
                await action();
            }

            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause);
                }

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
        public static async Task RunAsync(string python, string code, bool site = false, string? workingDirectory = null)
        {
            var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? string.Empty };
            foreach (var arg in site ? new[] { "-I", "-c", code } : ["-I", "-S", "-c", code])
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


    /// <summary>The interpreter and isolation every benchmark runs with, printed as the first line of its report.</summary>
    internal static class Machine
    {
        public static async Task<SandboxReport> DescribeAsync()
        {
            await using var probe = new CodeExecuter();
            var report = await probe.GetSandboxReportAsync();
            Console.WriteLine($"Python {report.PythonVersion} at {report.PythonExecutable}; bubblewrap: {(report.Isolated ? "yes" : "no (" + report.IsolationUnavailableReason + ")")}; layers: {string.Join(", ", report.Layers)}");
            return report;
        }
    }
