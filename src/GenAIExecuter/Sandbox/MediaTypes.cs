namespace GenAIExecuter.Sandbox;

/// <summary>The MIME types of the files data code writes, by extension.</summary>
internal static class MediaTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".svg"] = "image/svg+xml",
        [".pdf"] = "application/pdf",
        [".csv"] = "text/csv",
        [".tsv"] = "text/tab-separated-values",
        [".txt"] = "text/plain",
        [".md"] = "text/markdown",
        [".html"] = "text/html",
        [".json"] = "application/json",
        [".xml"] = "application/xml",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".parquet"] = "application/vnd.apache.parquet",
        [".zip"] = "application/zip",
        [".npy"] = "application/octet-stream",
    };

    public static string Of(string path) =>
        ByExtension.TryGetValue(System.IO.Path.GetExtension(path), out var type) ? type : "application/octet-stream";
}
