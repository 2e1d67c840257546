using System.Globalization;

namespace GenAIExecuter.History;

/// <summary>History file names: <c>&lt;execution_id&gt;_OK.json</c> or <c>&lt;execution_id&gt;_FAIL.json</c>, where the id
/// (<c>YYYYMMDD_HHMMSS_ffffff</c>) sorts by time. Listing reads names only, never contents.</summary>
internal readonly record struct RecordFileName(string Id, bool Success)
{
    public const int IdLength = 22; // YYYYMMDD_HHMMSS_ffffff

    public string Name => $"{Id}{(Success ? "_OK" : "_FAIL")}.json";

    public static string For(string id, bool success) => new RecordFileName(id, success).Name;

    public static bool TryParse(string fileName, out RecordFileName parsed)
    {
        parsed = default;
        bool success;
        if (fileName.EndsWith("_OK.json", StringComparison.Ordinal))
        {
            success = true;
        }
        else if (fileName.EndsWith("_FAIL.json", StringComparison.Ordinal))
        {
            success = false;
        }
        else
        {
            return false;
        }

        var id = fileName[..^(success ? 8 : 10)];
        if (!IsId(id))
        {
            return false;
        }

        parsed = new RecordFileName(id, success);
        return true;
    }

    public static bool IsId(string id)
    {
        if (id.Length != IdLength || id[8] != '_' || id[15] != '_')
        {
            return false;
        }

        for (var i = 0; i < id.Length; i++)
        {
            if (i is not 8 and not 15 && !char.IsAsciiDigit(id[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The id one or more microseconds later (used when an id is taken).</summary>
    public static string Later(string id, int microseconds)
    {
        var stamp = DateTime.ParseExact(id, "yyyyMMdd'_'HHmmss'_'ffffff", CultureInfo.InvariantCulture);
        return stamp.AddTicks(microseconds * 10L).ToString("yyyyMMdd'_'HHmmss'_'ffffff", CultureInfo.InvariantCulture);
    }
}
