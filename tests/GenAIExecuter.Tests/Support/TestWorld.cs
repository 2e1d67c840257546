namespace GenAIExecuter.Tests.Support;

/// <summary>The folders shared by a test class: a working directory for the code (with an API key file in it),
/// a folder outside it, and a secret folder in the real home directory. All deleted on dispose.</summary>
public sealed class TestWorld : IDisposable
{
    public TestWorld()
    {
        Root = Directory.CreateTempSubdirectory("genai-tests-").FullName;
        Work = Directory.CreateDirectory(Path.Combine(Root, "work")).FullName;
        Outside = Directory.CreateDirectory(Path.Combine(Root, "outside")).FullName;
        Canaries = Directory.CreateDirectory(Path.Combine(Root, "canaries")).FullName;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        HomeSecretDir = Directory.CreateDirectory(Path.Combine(home, $".genai-executer-test-{Guid.NewGuid():N}")).FullName;
        HomeSecret = Path.Combine(HomeSecretDir, $"id_rsa_{Guid.NewGuid():N}");
        File.WriteAllText(HomeSecret, HomeSecretContent);
        File.WriteAllText(Path.Combine(Work, "apikey.txt"), KeyFileContent);
        File.WriteAllText(Path.Combine(Work, "openai_api_key.txt"), KeyFileContent);
        File.WriteAllText(Path.Combine(Work, "data.csv"), "name,score\nada,91\nbob,78\ncy,85\n");
        Environment.SetEnvironmentVariable("GENAI_TEST_CANARY_API_KEY", EnvironmentSecret);
    }

    public string Root { get; }

    public string Work { get; }

    public string Outside { get; }

    /// <summary>Where attacks' canary files live: outside the working directory, since a SAFE run's writes in its
    /// working directory land in its private output area and are no attack.</summary>
    public string Canaries { get; }

    public string HomeSecretDir { get; }

    public string HomeSecret { get; }

    public string HomeSecretContent { get; } = $"ssh-canary-{Guid.NewGuid():N}";

    public string KeyFileContent { get; } = $"sk-file-canary-{Guid.NewGuid():N}";

    public string EnvironmentSecret { get; } = $"sk-env-canary-{Guid.NewGuid():N}";

    public IEnumerable<string> Secrets => [HomeSecretContent, KeyFileContent, EnvironmentSecret];

    public void Dispose()
    {
        foreach (var dir in new[] { Root, HomeSecretDir })
        {
            try
            {
                foreach (var file in Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories))
                {
                    File.SetAttributes(file, FileAttributes.Normal);
                }

                Directory.Delete(dir, recursive: true);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Best effort.
            }
        }
    }
}
