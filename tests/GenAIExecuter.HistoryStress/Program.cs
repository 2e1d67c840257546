using System.Globalization;
using GenAIExecuter;
using GenAIExecuter.History;

// Usage: GenAIExecuter.HistoryStress DIR COUNT ID OUTPUT_BYTES
// Saves COUNT records into DIR, all starting from the same execution ID (so they must collide and move on),
// each with OUTPUT_BYTES of output. Prints "ready" first, then one line per save.
var history = new ExecutionHistory(args[0]);
var count = int.Parse(args[1], CultureInfo.InvariantCulture);
var output = new string('x', int.Parse(args[3], CultureInfo.InvariantCulture));
Console.WriteLine("ready");
for (var i = 0; i < count; i++)
{
    var saved = history.Save(new ExecutionResult
    {
        ExecutionId = args[2],
        Timestamp = DateTimeOffset.Now,
        Code = $"print({i})",
        Status = i % 3 == 0 ? ExecutionStatus.RuntimeError : ExecutionStatus.Succeeded,
        Output = output,
        Error = string.Empty,
        ExecutionTime = TimeSpan.FromMilliseconds(i),
        SecurityMode = SecurityMode.Safe,
        ExecutionMode = ExecutionMode.Subprocess,
        Sandbox = new SandboxReport { Layers = ["test"], Isolated = false, PythonExecutable = "python3", PythonVersion = "3" },
    });
    Console.WriteLine(saved.ExecutionId);
}
