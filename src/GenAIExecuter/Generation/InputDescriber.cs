using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GenAIExecuter.Generation;

/// <summary>Describes an input file for the model, so that it writes code for the real data: its name and size, and
/// for CSV its columns with their types and first lines, for JSON its shape, for text its first lines.</summary>
internal static class InputDescriber
{
    private const int HeadBytes = 64 * 1024;
    private const int PreviewLines = 5;
    private const int MaxLineLength = 200;
    private const int TypedRows = 50;

    public static string Describe(InputFile file)
    {
        var head = file.ReadHead(HeadBytes);
        var text = new StringBuilder();
        text.Append("- ").Append(file.Name).Append(" (").Append(Size(file.SizeBytes)).Append(')');
        var kind = InputFormat.Of(file.Name, head);
        var decoded = InputFormat.TryDecode(head, complete: head.Length >= file.SizeBytes);
        if (decoded is null || kind == InputFormat.Binary)
        {
            text.Append(": binary, ").Append(Sandbox.MediaTypes.Of(file.Name)).AppendLine(".");
            return text.ToString();
        }

        var lines = decoded.Split('\n', PreviewLines * 20 + 2).Select(l => l.TrimEnd('\r')).ToList();
        if (head.Length < file.SizeBytes && lines.Count > 1)
        {
            lines.RemoveAt(lines.Count - 1); // cut off mid-line
        }

        switch (kind)
        {
            case InputFormat.Csv or InputFormat.Tsv:
                DescribeTable(text, lines, kind == InputFormat.Tsv ? '\t' : InputFormat.Delimiter(lines));
                break;
            case InputFormat.Json when head.Length >= file.SizeBytes:
                text.Append(": JSON, ").Append(JsonShape(decoded)).AppendLine(".");
                break;
            default:
                text.AppendLine(kind == InputFormat.Json ? ": JSON (too big to outline here), first lines:" : ": text, first lines:");
                break;
        }

        text.Append("  ```\n");
        foreach (var line in lines.Take(PreviewLines))
        {
            text.Append("  ").AppendLine(line.Length > MaxLineLength ? line[..MaxLineLength] + "…" : line);
        }

        return text.Append("  ```\n").ToString();
    }

    private static void DescribeTable(StringBuilder text, List<string> lines, char delimiter)
    {
        var rows = lines.Where(l => l.Length > 0).Select(l => CsvFields.Split(l, delimiter)).ToList();
        if (rows.Count == 0)
        {
            text.AppendLine(": an empty table.");
            return;
        }

        var header = rows[0];
        var data = rows.Skip(1).Take(TypedRows).ToList();
        var columns = header.Select((name, i) => $"{name} ({ColumnType(data.Select(r => i < r.Count ? r[i] : string.Empty))})");
        text.Append(": ").Append(delimiter switch { '\t' => "tab", ';' => "semicolon", '|' => "pipe", _ => "comma" })
            .Append("-separated, ").Append(header.Count.ToString(CultureInfo.InvariantCulture)).Append(" columns: ")
            .Append(string.Join(", ", columns)).AppendLine(". First lines:");
    }

    private static string ColumnType(IEnumerable<string> values)
    {
        var present = values.Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        if (present.Count == 0)
        {
            return "empty in the first rows";
        }

        var invariant = CultureInfo.InvariantCulture;
        if (present.All(v => long.TryParse(v, NumberStyles.Integer, invariant, out _)))
        {
            return "integer";
        }

        if (present.All(v => double.TryParse(v, NumberStyles.Float, invariant, out _)))
        {
            return "decimal";
        }

        if (present.All(v => bool.TryParse(v, out _)))
        {
            return "boolean";
        }

        return present.All(v => DateTime.TryParse(v, invariant, DateTimeStyles.None, out _)) ? "date/time" : "text";
    }

    private static string JsonShape(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return root.ValueKind switch
            {
                JsonValueKind.Array => $"a list of {root.GetArrayLength().ToString(CultureInfo.InvariantCulture)} item(s)" +
                    (root.GetArrayLength() > 0 && root[0].ValueKind == JsonValueKind.Object ? $", objects with keys {Keys(root[0])}" : string.Empty),
                JsonValueKind.Object => $"an object with keys {Keys(root)}",
                _ => $"a single {root.ValueKind.ToString().ToLowerInvariant()}",
            };
        }
        catch (JsonException)
        {
            return "not valid JSON";
        }
    }

    private static string Keys(JsonElement element)
    {
        var names = element.EnumerateObject().Select(p => p.Name).ToList();
        return string.Join(", ", names.Take(30)) + (names.Count > 30 ? ", …" : string.Empty);
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
    };
}
