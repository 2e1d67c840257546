using System.Globalization;
using System.Security.Cryptography;

namespace GenAIExecuter.Sandbox;

/// <summary>The artifacts of a PERMISSIVE run: the files it created or changed under the working directory, copied
/// (within the output area's caps) into the execution's folder of the <see cref="ArtifactStore"/>, so that the
/// record keeps them as they were when the run ended.</summary>
internal static class PermissiveArtifacts
{
    public static (IReadOnlyList<Artifact> Artifacts, string? Note) Keep(
        ArtifactStore store, WorkingDirectorySnapshot before, IReadOnlyCollection<string> skip, string executionId, ResourceLimits limits)
    {
        if (!before.Complete)
        {
            return ([], $"The working directory holds more than {WorkingDirectorySnapshot.MaxFiles.ToString(CultureInfo.InvariantCulture)} files " +
                        "(or could not be read), so the files the run wrote there are not listed.");
        }

        var after = WorkingDirectorySnapshot.Take(before.Root, skip);
        var changed = after.ChangedSince(before);
        if (changed.Count == 0)
        {
            return ([], null);
        }

        var target = Path.Combine(store.Directory, executionId);
        Folders.TryDelete(target);
        var artifacts = new List<Artifact>();
        long total = 0;
        var dropped = 0;
        foreach (var path in changed)
        {
            var source = Path.Combine(before.Root, path);
            var copy = Path.Combine(target, path);
            try
            {
                var size = new FileInfo(source).Length;
                if (artifacts.Count >= limits.MaxOutputFiles || total + size > limits.OutputAreaBytes)
                {
                    dropped++;
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(source, copy, overwrite: true);
                using var stream = File.OpenRead(copy);
                var digest = Convert.ToHexStringLower(SHA256.HashData(stream));
                total += stream.Length;
                artifacts.Add(new Artifact(path, stream.Length, MediaTypes.Of(path), digest, copy));
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                dropped++; // deleted or locked since the walk
            }
        }

        var note = dropped == 0
            ? null
            : $"{dropped.ToString(CultureInfo.InvariantCulture)} file(s) the run wrote in the working directory were not copied: over the caps " +
              $"({(limits.OutputAreaBytes >> 20).ToString(CultureInfo.InvariantCulture)} MiB, {limits.MaxOutputFiles.ToString(CultureInfo.InvariantCulture)} files), or gone.";
        return (artifacts, note);
    }
}
