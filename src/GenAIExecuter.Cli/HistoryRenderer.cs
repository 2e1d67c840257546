using System.Globalization;
using System.Text;
using GenAIExecuter.History;

namespace GenAIExecuter.Cli;

/// <summary>Shows saved executions: a table, one execution in detail, or JSON.</summary>
internal static class HistoryRenderer
{
    public static async Task WarnAsync(IReadOnlyList<SkippedRecord> skipped, CliConsole console)
    {
        foreach (var file in skipped)
        {
            await console.Error.WriteLineAsync($"warning: skipped {file.Path}: {file.Reason}");
        }
    }

    public static string JsonArray(IReadOnlyList<ExecutionResult> executions) =>
        executions.Count == 0 ? "[]" : "[\n" + string.Join(",\n", executions.Select(e => e.ToJson())) + "\n]";

    public static async Task TableAsync(IReadOnlyList<ExecutionResult> executions, CliConsole console)
    {
        if (executions.Count == 0)
        {
            await console.Error.WriteLineAsync("No saved executions.");
            return;
        }

        await console.Output.WriteLineAsync($"{"ID",-22}  {"WHEN",-16}  {"STATUS",-16}  {"DURATION",8}  INSTRUCTION");
        foreach (var e in executions)
        {
            var what = e.Instruction ?? "(code) " + e.Code.ReplaceLineEndings(" ");
            var when = e.Timestamp.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var time = e.ExecutionTime.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + "s";
            await console.Output.WriteLineAsync($"{e.ExecutionId,-22}  {when,-16}  {HistoryStatus(e),-16}  {time,8}  {Shorten(what, 60)}");
        }
    }

    public static async Task DetailAsync(ExecutionResult e, CliConsole console)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Execution   {e.ExecutionId}  ({e.Timestamp:yyyy-MM-dd HH:mm:ss})");
        text.AppendLine(CultureInfo.InvariantCulture, $"Status      {HistoryStatus(e)} in {e.ExecutionTime.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)} s ({e.SecurityMode}, {e.ExecutionMode})");
        if (e.Instruction is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Instruction {e.Instruction}");
        }

        if (e.Provider is not null || e.Model is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Model       {e.Model ?? "(default)"} ({e.Provider ?? "a caller's chat client"})");
        }

        Section(text, "Code", e.Code);
        Section(text, "Output", e.Output);
        Section(text, "Error", e.Error);
        if (e.Attempts.Count > 1)
        {
            text.AppendLine("Attempts");
            foreach (var a in e.Attempts)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {a.Number}. {a.Status} in {a.Duration.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)} s{(a.Tokens is { } t ? $", {t} tokens" : string.Empty)}");
                if (a.Number < e.Attempts.Count)
                {
                    Section(text, $"Attempt {a.Number}: code", a.Code);
                    Section(text, $"Attempt {a.Number}: error", a.Error);
                }
            }
        }

        if (e.Artifacts.Count > 0)
        {
            text.AppendLine("--- Files ---");
            foreach (var a in e.Artifacts)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {a.Path}  {a.SizeBytes} bytes  {a.MediaType}  {a.Location}");
            }
        }

        if (e.ArtifactsNote is { } note)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Files note  {note}");
        }

        await console.Output.WriteAsync(text.ToString());
    }

    private static void Section(StringBuilder text, string title, string body)
    {
        if (body.Length == 0)
        {
            return;
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"--- {title} ---");
        text.Append(body);
        if (!body.EndsWith('\n'))
        {
            text.AppendLine();
        }
    }

    private static string HistoryStatus(ExecutionResult e) => e.Status.ToString();

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
