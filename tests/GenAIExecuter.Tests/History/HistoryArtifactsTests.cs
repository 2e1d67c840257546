using System.Text.Json;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.History;

/// <summary>The history keeps a run's files in a folder beside its record, lists them in the record, returns them from
/// Get, and deletes them with the record; a record without files keeps the original module's shape.</summary>
public sealed class HistoryArtifactsTests : IDisposable
{
    private readonly HistoryFolder _folder = new();
    private readonly string _produced = Directory.CreateTempSubdirectory("genai-produced-").FullName;

    public void Dispose()
    {
        _folder.Dispose();
        if (Directory.Exists(_produced))
        {
            Directory.Delete(_produced, recursive: true);
        }
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Save_KeepsTheFilesBesideTheRecord_GetReturnsThem_ClearDeletesThem()
    {
        var result = WithArtifacts(HistoryFolder.Sample("20260203_190708_059131"), ("chart.png", "PNGDATA"), ("out/report.csv", "a,b\n"));

        var saved = _folder.History.Save(result);
        var loaded = _folder.History.Get(saved.ExecutionId)!;

        var folder = Path.Combine(_folder.Path, saved.ExecutionId);
        Assert.Equal(["chart.png", "out/report.csv"], loaded.Artifacts.Select(a => a.Path));
        Assert.All(loaded.Artifacts, a => Assert.StartsWith(folder + "/", a.Location, StringComparison.Ordinal));
        Assert.Equal("PNGDATA", await File.ReadAllTextAsync(loaded.Artifacts[0].Location));
        Assert.Equal("a,b\n", await File.ReadAllTextAsync(Path.Combine(folder, "out", "report.csv")));
        Assert.False(Directory.Exists(Path.Combine(_produced, result.ExecutionId)), "the files were copied, and their first folder left behind");
        using (var doc = JsonDocument.Parse(await File.ReadAllTextAsync(saved.SavedTo!)))
        {
            var listed = doc.RootElement.GetProperty("artifacts");
            Assert.Equal(2, listed.GetArrayLength());
            Assert.Equal("image/png", listed[0].GetProperty("media_type").GetString());
            Assert.Equal(7, listed[0].GetProperty("size_bytes").GetInt64());
        }

        Assert.Equal(1, _folder.History.Clear());
        Assert.False(Directory.Exists(folder));
        Assert.Empty(Directory.GetFileSystemEntries(_folder.Path));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ARecordWithoutFiles_HasNoArtifactsField()
    {
        var saved = _folder.History.Save(HistoryFolder.Sample("20260203_190708_059132"));

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(saved.SavedTo!));
        Assert.False(doc.RootElement.TryGetProperty("artifacts", out _));
        Assert.False(doc.RootElement.TryGetProperty("artifacts_note", out _));
        Assert.Equal([saved.SavedTo!], Directory.GetFileSystemEntries(_folder.Path));
    }

    private ExecutionResult WithArtifacts(ExecutionResult result, params (string Path, string Content)[] files)
    {
        var folder = Path.Combine(_produced, result.ExecutionId);
        var artifacts = new List<Artifact>();
        foreach (var (path, content) in files)
        {
            var location = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(location)!);
            File.WriteAllText(location, content);
            artifacts.Add(new Artifact(path, content.Length, GenAIExecuter.Sandbox.MediaTypes.Of(path), "0", location));
        }

        return result with { Artifacts = artifacts };
    }
}
