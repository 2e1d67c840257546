using GenAIExecuter.Benchmarks;

// dotnet run -c Release --project benchmarks/GenAIExecuter.Benchmarks [sandbox [ITERATIONS] | throughput [CALLS_PER_CALLER] | history [RECORDS] | data [ITERATIONS] | ds1000 [OPTIONS] | cli [RUNS]]
if (args.Length > 0 && args[0] == "cli")
{
    await CliBenchmark.RunAsync(args[1..]);
}
else if (args.Length > 0 && args[0] == "history")
{
    HistoryBenchmark.Run(args[1..]);
}
else if (args.Length > 0 && args[0] == "data")
{
    await DataBenchmark.RunAsync(args[1..]);
}
else if (args.Length > 0 && args[0] == "ds1000")
{
    await GenAIExecuter.Benchmarks.Ds1000.Ds1000Benchmark.RunAsync(args[1..]);
}
else if (args.Length > 0 && args[0] == "throughput")
{
    await ThroughputBenchmark.RunAsync(args[1..]);
}
else
{
    await SandboxBenchmark.RunAsync(args.Length > 0 && args[0] == "sandbox" ? args[1..] : args);
}
