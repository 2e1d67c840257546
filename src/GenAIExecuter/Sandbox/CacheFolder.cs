namespace GenAIExecuter.Sandbox;

/// <summary>The per-user cache folder (<c>$XDG_CACHE_HOME/genai-executer</c>, else <c>~/.cache/genai-executer</c>).</summary>
internal static class CacheFolder
{
    public static string Path { get; } = Resolve();

    public static void CreatePrivate(string dir)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dir);
        }
        else
        {
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static string Resolve()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && System.IO.Path.IsPathRooted(xdg))
        {
            return System.IO.Path.Combine(xdg, "genai-executer");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home)
            ? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"genai-executer-{Environment.UserName}")
            : System.IO.Path.Combine(home, ".cache", "genai-executer");
    }
}
