// File lister: asks an LLM to inspect a folder, runs the code in the SAFE sandbox (reading is allowed, writing is
// not), and prints what it found. Needs a model, as for the calculator: GEMINI_API_KEY (or `genai-exec key set
// gemini`) for the default provider, or GENAI_PROVIDER (+ its key), or GENAI_PROVIDER=ollama for a local model.
// Run: dotnet run --project examples/FileLister -- [FOLDER]   (default: the current folder)
using GenAIExecuter;

var folder = Path.GetFullPath(args.Length > 0 ? args[0] : ".");
await using var executer = new CodeExecuter(new CodeExecuterOptions
{
    Provider = Environment.GetEnvironmentVariable("GENAI_PROVIDER"),
    ModelName = Environment.GetEnvironmentVariable("GENAI_MODEL"),
    WorkingDirectory = folder,
});

string[] tasks =
[
    "List the files and folders in the current directory, folders first",                         // list a directory
    "Find every .cs and .py file below the current directory, recursively, and print their paths", // recursive search
    "Print the names of the .md files in the current directory and their sizes in bytes",         // filter by extension
    "Print statistics about the current directory tree: number of files, folders, total size and the 3 largest files", // statistics
];

foreach (var task in tasks)
{
    Console.WriteLine($"> {task}");
    try
    {
        var result = await executer.RunAsync(task, context: $"The current directory is {folder}.", saveExecution: false);
        Console.WriteLine(result.Success ? result.Output.TrimEnd() : $"failed ({result.Status}): {result.Error}");
        Console.WriteLine();
    }
    catch (GenAIExecuterException error)
    {
        Console.Error.WriteLine($"error: {error.Message}");
        return 2;
    }
}

return 0;
