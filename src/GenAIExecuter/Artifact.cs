namespace GenAIExecuter;

/// <summary>A file a run produced: one it wrote in its working directory (in SAFE mode, its private output area), or a
/// matplotlib figure captured as a PNG.</summary>
/// <param name="Path">The file's path relative to the working directory, with <c>/</c> separators, for example
/// <c>outputs/report.csv</c> or <c>figure-1.png</c>.</param>
/// <param name="SizeBytes">Its size in bytes.</param>
/// <param name="MediaType">Its MIME type, from its extension (<c>application/octet-stream</c> when unknown).</param>
/// <param name="Sha256">The SHA-256 of its bytes, in lowercase hex.</param>
/// <param name="Location">Where it is kept: a full path on this machine.</param>
public sealed record Artifact(string Path, long SizeBytes, string MediaType, string Sha256, string Location);
