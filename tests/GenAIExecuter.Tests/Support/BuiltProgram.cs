namespace GenAIExecuter.Tests.Support;

/// <summary>Finds a program of this repository in its own build output (next to its own dependencies), built in the
/// same configuration as the tests.</summary>
internal static class BuiltProgram
{
    public static string Path(string projectFolder, string assembly)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var framework = testOutput.Name;                 // net10.0
        var configuration = testOutput.Parent!.Name;     // Debug or Release
        var root = testOutput;
        while (root is not null && !File.Exists(System.IO.Path.Combine(root.FullName, "GenAIExecuter.slnx")))
        {
            root = root.Parent;
        }

        var path = System.IO.Path.Combine(root?.FullName ?? throw new InvalidOperationException("The repository root was not found."),
            projectFolder, "bin", configuration, framework, assembly);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {projectFolder} first.", path);
    }
}
