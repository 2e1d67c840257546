namespace GenAIExecuter.Sandbox;

/// <summary>Copies a run's input files into a folder of their own in the sandbox's staging folder (which bubblewrap
/// binds in), read-only, and removes it after the run. The runner shows that folder to the code (see
/// <c>expose_inputs</c> in the runner): as a layer of the working directory, as copies in the scratch, or as it is.</summary>
internal static class InputStaging
{
    /// <summary>The staged folder, or null when the run has no inputs.</summary>
    /// <exception cref="InputFileException">An input could not be read any more.</exception>
    public static string? Stage(ArtifactStore store, IReadOnlyList<InputFile> files)
    {
        if (files.Count == 0)
        {
            return null;
        }

        var folder = Path.Combine(store.Staging, $"inputs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var file in files)
            {
                var target = Path.Combine(folder, file.Name);
                file.CopyTo(target);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                }
            }
        }
        catch
        {
            Release(folder);
            throw;
        }

        return folder;
    }

    /// <summary>Removes a staged folder (best effort).</summary>
    public static void Release(string? folder)
    {
        if (folder is not null)
        {
            Folders.TryDelete(folder);
        }
    }
}
