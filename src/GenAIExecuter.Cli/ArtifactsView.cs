using System.Globalization;

namespace GenAIExecuter.Cli;

/// <summary>The files a run produced, for a person: one line each (name, size, type, where it is), after copying them
/// to --output-dir when one was given.</summary>
internal static class ArtifactsView
{
    /// <summary>Copies the artifacts into <paramref name="outputDirectory"/> (keeping their relative paths) and returns
    /// the result with their new locations; returns the result as it is when no folder was given.</summary>
    public static ExecutionResult CopyTo(ExecutionResult result, string? outputDirectory)
    {
        if (outputDirectory is null || result.Artifacts.Count == 0)
        {
            return result;
        }

        var root = Path.GetFullPath(outputDirectory);
        var copied = new List<Artifact>(result.Artifacts.Count);
        foreach (var artifact in result.Artifacts)
        {
            var target = Path.GetFullPath(Path.Combine(root, artifact.Path));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue; // a path that would leave the folder (never written by the runner, but checked here too)
            }

            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(artifact.Location, target, overwrite: true);
                copied.Add(artifact with { Location = target });
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"Could not copy '{artifact.Path}' into --output-dir '{root}': {error.Message}");
            }
        }

        return result with { Artifacts = copied };
    }

    /// <summary>One line per file on standard error; on a terminal that draws images, each PNG is drawn under its line.</summary>
    public static async Task WriteAsync(ExecutionResult result, CliConsole console)
    {
        var images = TerminalImages.Detect(console);
        foreach (var artifact in result.Artifacts)
        {
            await console.Error.WriteLineAsync(
                $"  {console.Paint(artifact.Path, "1")}  {Size(artifact.SizeBytes)}  {artifact.MediaType}  → {artifact.Location}").ConfigureAwait(false);
            if (images is not null && artifact.MediaType == "image/png" && ReadQuietly(artifact.Location) is { } png
                && TerminalImages.Sequence(images, artifact.Path, png) is { } drawn)
            {
                await console.Error.WriteAsync(drawn).ConfigureAwait(false);
            }
        }

        if (result.ArtifactsNote is { } note)
        {
            await console.Error.WriteLineAsync(console.Paint($"  note: {note}", "33")).ConfigureAwait(false);
        }
    }

    private static byte[]? ReadQuietly(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null; // the line above still says where it is
        }
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
    };
}
