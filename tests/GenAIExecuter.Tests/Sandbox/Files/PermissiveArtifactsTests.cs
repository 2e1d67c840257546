using System.Security.Cryptography;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Sandbox.Files;

/// <summary>PERMISSIVE runs write where they like, as the original module allowed; the files they create or change
/// under the working directory are listed as artifacts (copies kept with the record), and files they leave alone are not.</summary>
public sealed class PermissiveArtifactsTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("genai-permissive-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [LinuxTheory]
    [InlineData(ExecutionMode.Subprocess)]
    [InlineData(ExecutionMode.Exec)]
    public async Task FilesCreatedOrChanged_AreArtifacts_AndStayInTheWorkingDirectory(ExecutionMode mode)
    {
        File.WriteAllText(Path.Combine(_work, "untouched.txt"), "same");
        File.WriteAllText(Path.Combine(_work, "changed.txt"), "old");
        Directory.CreateDirectory(Path.Combine(_work, ".git"));
        await using var executer = ExecuterConfigurations.Create(_work, SecurityMode.Permissive, mode, isolation: Platform.WhyNoBwrap is null,
            o => o.ArtifactsDirectory = Path.Combine(_work, "..", Path.GetFileName(_work) + "-artifacts"));
        var code = """
            import os
            open('changed.txt', 'w').write('new and longer')
            os.makedirs('out', exist_ok=True)
            open('out/result.csv', 'w').write('a,b\n1,2\n')
            open('.git/index', 'w').write('tool state')
            """;

        var result = await executer.ExecuteCodeAsync(code);

        Assert.True(result.Success, result.Error);
        Assert.Equal(["changed.txt", "out/result.csv"], result.Artifacts.Select(a => a.Path));
        Assert.Equal("new and longer", File.ReadAllText(Path.Combine(_work, "changed.txt")));
        foreach (var artifact in result.Artifacts)
        {
            var bytes = File.ReadAllBytes(artifact.Location);
            Assert.Equal(File.ReadAllBytes(Path.Combine(_work, artifact.Path)), bytes);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), artifact.Sha256);
            Assert.Equal(bytes.Length, artifact.SizeBytes);
            Assert.False(artifact.Location.StartsWith(_work + "/", StringComparison.Ordinal), "the artifact is a copy kept outside the working directory");
        }

        Assert.Equal("text/csv", result.Artifacts[1].MediaType);
        Directory.Delete(Path.Combine(_work, "..", Path.GetFileName(_work) + "-artifacts"), recursive: true);
    }

    [LinuxFact]
    public async Task OverTheCaps_FilesAreLeftOut_AndTheResultSaysSo()
    {
        await using var executer = ExecuterConfigurations.Create(_work, SecurityMode.Permissive, ExecutionMode.Subprocess, isolation: false,
            o => o.Limits.MaxOutputFiles = 3);

        var result = await executer.ExecuteCodeAsync("for i in range(5):\n    open(f'f{i}.txt', 'w').write(str(i))");

        Assert.True(result.Success, result.Error);
        Assert.Equal(3, result.Artifacts.Count);
        Assert.Contains("2 file(s)", result.ArtifactsNote, StringComparison.Ordinal);
        Assert.Equal(5, Directory.GetFiles(_work, "f*.txt").Length);
    }
}
