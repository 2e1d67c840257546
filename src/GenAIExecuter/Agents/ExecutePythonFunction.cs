using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace GenAIExecuter.Agents;

/// <summary>The <c>execute_python</c> tool (see <see cref="CodeExecuter.AsAIFunction"/>).</summary>
internal sealed class ExecutePythonFunction(CodeExecuter executer, TimeSpan defaultTimeout, bool allowPermissive, string name) : AIFunction
{
    public const string DefaultName = "execute_python";

    /// <summary>Text the model reads: quotes and non-ASCII as they are, not \u escapes.</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Bytes of files returned as content at most per call; bigger ones are only listed.</summary>
    private const long MaxReturnedBytes = 16L << 20;

    private static readonly JsonElement Schema = JsonDocument.Parse("""
        {
          "type": "object",
          "properties": {
            "code": { "type": "string", "description": "A complete Python program. Print every result; files it writes by relative path and matplotlib figures are returned." },
            "timeout": { "type": "number", "description": "Seconds the program may run (default and maximum: the sandbox's own limit)." }
          },
          "required": ["code"]
        }
        """).RootElement.Clone();

    public override string Name { get; } = name;

    public override string Description =>
        "Runs Python code in a secure sandbox and returns what it printed, its error, and the files and charts it made. " +
        "SAFE mode: no network, no processes, no writes outside its working area; numpy, pandas and matplotlib work.";

    public override JsonElement JsonSchema => Schema;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        if (!arguments.TryGetValue("code", out var codeValue) || Text(codeValue) is not { Length: > 0 } code)
        {
            return Failure("invalid_arguments", "Give the Python program in 'code'.");
        }

        var timeout = defaultTimeout;
        if (arguments.TryGetValue("timeout", out var timeoutValue) && timeoutValue is not null)
        {
            if (Number(timeoutValue) is not { } seconds || !double.IsFinite(seconds) || seconds <= 0)
            {
                return Failure("invalid_arguments", "'timeout' must be a positive number of seconds.");
            }

            timeout = TimeSpan.FromSeconds(Math.Min(seconds, defaultTimeout.TotalSeconds));
        }

        if (executer.SecurityMode != SecurityMode.Safe && !allowPermissive)
        {
            return Failure("refused", "This tool runs code only in SAFE mode, and the sandbox is in PERMISSIVE mode.");
        }

        ExecutionResult result;
        try
        {
            result = await executer.ExecuteCodeAsync(code, timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (GenAIExecuterException error)
        {
            return Failure("sandbox_error", error.Message);
        }

        return Describe(result);
    }

    private static List<AIContent> Describe(ExecutionResult result)
    {
        var summary = new JsonObject
        {
            ["status"] = result.Status.ToString(),
            ["success"] = result.Success,
            ["output"] = result.Output,
            ["error"] = result.Error,
            ["exit_code"] = result.ExitCode,
        };
        if (result.Violation is { } violation)
        {
            summary["violation"] = new JsonObject { ["rule"] = violation.Rule, ["line"] = violation.Line, ["message"] = violation.Message };
        }

        if (result.OutputTruncated)
        {
            summary["output_truncated"] = true;
        }

        var contents = new List<AIContent>();
        var files = new JsonArray();
        long returned = 0;
        foreach (var artifact in result.Artifacts)
        {
            var file = new JsonObject { ["path"] = artifact.Path, ["size"] = artifact.SizeBytes, ["media_type"] = artifact.MediaType };
            if (returned + artifact.SizeBytes <= MaxReturnedBytes && TryRead(artifact.Location) is { } bytes)
            {
                returned += bytes.Length;
                contents.Add(new DataContent(bytes, artifact.MediaType) { Name = artifact.Path });
            }
            else
            {
                file["not_returned"] = string.Create(CultureInfo.InvariantCulture, $"over the {MaxReturnedBytes >> 20} MiB returned per call; kept at {artifact.Location}");
            }

            files.Add(file);
        }

        if (files.Count > 0)
        {
            summary["files"] = files;
        }

        contents.Insert(0, new TextContent(summary.ToJsonString(Readable)));
        return contents;
    }

    private static List<AIContent> Failure(string status, string message) =>
        [new TextContent(new JsonObject { ["status"] = status, ["success"] = false, ["error"] = message }.ToJsonString(Readable))];

    private static byte[]? TryRead(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? Text(object? value) => value switch
    {
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
        _ => null,
    };

    private static double? Number(object? value) => value switch
    {
        double number => number,
        int number => number,
        long number => number,
        float number => number,
        decimal number => (double)number,
        JsonElement { ValueKind: JsonValueKind.Number } element => element.GetDouble(),
        JsonElement { ValueKind: JsonValueKind.String } element when double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
