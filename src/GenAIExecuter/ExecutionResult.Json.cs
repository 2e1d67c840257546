using System.Text.Encodings.Web;
using System.Text.Json;
using GenAIExecuter.History;

namespace GenAIExecuter;

public sealed partial record ExecutionResult
{
    /// <summary>Readable JSON: quotes, apostrophes and non-ASCII text are written as they are.</summary>
    private static readonly ExecutionRecordJsonContext Json = new(new System.Text.Json.JsonSerializerOptions(ExecutionRecordJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The result as a JSON object with snake_case keys: the same shape history files use.</summary>
    public string ToJson() => JsonSerializer.Serialize(ExecutionRecordMapper.ToRecord(this), Json.ExecutionRecord);

    /// <summary>Reads a result from its JSON record (ours, or the original Python module's).</summary>
    /// <exception cref="FormatException">The text is not an execution record.</exception>
    public static ExecutionResult FromJson(string json)
    {
        ExecutionRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(json, Json.ExecutionRecord);
        }
        catch (JsonException error)
        {
            throw new FormatException($"Not an execution record: {error.Message}", error);
        }

        return ExecutionRecordMapper.FromRecord(record ?? throw new FormatException("Not an execution record: the JSON is null."));
    }
}
