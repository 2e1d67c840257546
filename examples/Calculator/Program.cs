// Calculator: asks an LLM to compute things, runs the code it writes in the SAFE sandbox, prints the results.
// Needs a model: a key for the default provider (export GEMINI_API_KEY=..., or store it once in the OS keyring with
// `dotnet run --project src/GenAIExecuter.Cli -- key set gemini`), or another provider through
// GENAI_PROVIDER and its key (openai: OPENAI_API_KEY, anthropic: ANTHROPIC_API_KEY, ...), or a local Ollama
// (GENAI_PROVIDER=ollama, no key). Run: dotnet run --project examples/Calculator
using GenAIExecuter;

await using var executer = new CodeExecuter(new CodeExecuterOptions
{
    Provider = Environment.GetEnvironmentVariable("GENAI_PROVIDER"),
    ModelName = Environment.GetEnvironmentVariable("GENAI_MODEL"),
});

string[] tasks =
[
    "Calculate 1234 * 5678 and display the result",                                      // a simple calculation
    "Compute the square root of 2 times pi, rounded to 6 decimals, using the math library", // a complex expression
    "For the numbers 3, 7 and 12: print their sum, product, mean and the largest of them", // several operations
];

foreach (var task in tasks)
{
    Console.WriteLine($"> {task}");
    try
    {
        var result = await executer.RunAsync(task, saveExecution: false);
        Console.WriteLine(result.Success ? result.Output.TrimEnd() : $"failed ({result.Status}): {result.Error}");
        Console.WriteLine($"  ({result.Attempts.Count} attempt(s), {result.ExecutionTime.TotalSeconds:0.0} s)\n");
    }
    catch (GenAIExecuterException error)
    {
        Console.Error.WriteLine($"error: {error.Message}");
        return 2;
    }
}

return 0;
