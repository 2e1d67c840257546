namespace GenAIExecuter.Sandbox;

/// <summary>A private temporary folder on the host, used as scratch space when bubblewrap does not provide one;
/// deleted, with everything in it, on dispose.</summary>
internal sealed class HostScratch : IDisposable
{
    private HostScratch(string path) => Path = path;

    public string Path { get; }

    public static HostScratch Create(string prefix)
    {
        var dir = Directory.CreateTempSubdirectory(prefix);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new HostScratch(dir.FullName);
    }

    public void Dispose() => Folders.TryDelete(Path);
}
