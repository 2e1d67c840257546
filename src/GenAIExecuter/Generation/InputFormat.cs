using System.Text;

namespace GenAIExecuter.Generation;

/// <summary>What kind of data an input holds, from its name or, for piped data, its first bytes.</summary>
internal static class InputFormat
{
    public const string Csv = "csv";
    public const string Tsv = "tsv";
    public const string Json = "json";
    public const string Text = "txt";
    public const string Binary = "bin";

    private static readonly char[] Delimiters = [',', '\t', ';', '|'];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The kind of a named input: by its extension when it has a known one, else by its bytes.</summary>
    public static string Of(string name, byte[] head) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".csv" => Csv,
        ".tsv" or ".tab" => Tsv,
        ".json" or ".geojson" => Json,
        ".md" or ".log" or ".py" or ".yaml" or ".yml" or ".toml" or ".ini" or ".xml" or ".html" or ".sql" => Text,
        ".xlsx" or ".xls" or ".parquet" or ".zip" or ".gz" or ".png" or ".jpg" or ".jpeg" or ".pdf" or ".npy" or ".feather" or ".pkl" => Binary,
        _ => Sniff(head),
    };

    /// <summary>The kind of data from its first bytes: JSON, a delimited table, text or binary.</summary>
    public static string Sniff(byte[] head)
    {
        var text = TryDecode(head, complete: false);
        if (text is null)
        {
            return Binary;
        }

        var start = text.TrimStart();
        if (start.StartsWith('{') || start.StartsWith('['))
        {
            return Json;
        }

        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).Take(11).ToList();
        if (lines.Count > 2 && !text.EndsWith('\n'))
        {
            lines.RemoveAt(lines.Count - 1); // perhaps cut off by the end of the read
        }

        if (lines.Count >= 2)
        {
            var delimiter = Delimiter(lines);
            var counts = lines.Take(10).Select(l => CsvFields.Split(l, delimiter).Count).Distinct().ToList();
            if (counts.Count == 1 && counts[0] > 1)
            {
                return delimiter == '\t' ? Tsv : Csv;
            }
        }

        return Text;
    }

    /// <summary>The delimiter of a table: the one of , ; tab | that the first line holds most of.</summary>
    public static char Delimiter(IReadOnlyList<string> lines)
    {
        var first = lines.FirstOrDefault(l => l.Length > 0) ?? string.Empty;
        return Delimiters.OrderByDescending(d => first.Count(c => c == d)).First();
    }

    /// <summary>The bytes as text when they are UTF-8 without NUL characters (a multi-byte character cut at the end of a
    /// partial read is dropped); null for binary data.</summary>
    public static string? TryDecode(byte[] bytes, bool complete)
    {
        var length = bytes.Length;
        if (!complete)
        {
            // Drop a character cut off at the end: back up over at most 3 continuation bytes to its lead byte.
            var back = 0;
            while (back < 3 && length - back - 1 >= 0 && (bytes[length - back - 1] & 0xC0) == 0x80)
            {
                back++;
            }

            if (length - back - 1 >= 0 && bytes[length - back - 1] >= 0xC0)
            {
                length -= back + 1;
            }
        }

        try
        {
            var text = StrictUtf8.GetString(bytes, 0, length);
            return text.Contains('\0', StringComparison.Ordinal) ? null : text.TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
