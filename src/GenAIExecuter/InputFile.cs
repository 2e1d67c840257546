namespace GenAIExecuter;

/// <summary>A file given to the code as input, read-only, under its <see cref="Name"/>. In SAFE mode, where the run has
/// its private output area (Linux with user namespaces), the code opens it by that name in the working directory
/// (<c>pd.read_csv("sales.csv")</c>); everywhere, it is also at <c>$GENAI_INPUTS/&lt;name&gt;</c>. The model is told
/// about each input (its name, size and first lines or columns) so that it writes code for the real data.</summary>
public sealed class InputFile
{
    private readonly string? _path;
    private readonly ReadOnlyMemory<byte> _content;

    private InputFile(string name, string? path, ReadOnlyMemory<byte> content, long size)
    {
        Name = name;
        _path = path;
        _content = content;
        SizeBytes = size;
    }

    /// <summary>The name the code sees it under: a plain file name, such as <c>sales.csv</c>.</summary>
    public string Name { get; }

    /// <summary>Its size in bytes when it was given.</summary>
    public long SizeBytes { get; }

    /// <summary>The file on this machine it was read from; null for one given as bytes.</summary>
    public string? SourcePath => _path;

    /// <summary>An input read from a file on this machine. It is checked now: it must exist and be readable.</summary>
    /// <param name="path">The file.</param>
    /// <param name="name">The name the code sees it under; null for the file's own name.</param>
    /// <exception cref="InputFileException">The file does not exist, is a folder, cannot be read, or the name is not a plain file name.</exception>
    public static InputFile FromFile(string path, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new InputFileException($"The input '{path}' is a folder; give its files one by one.");
        }

        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new InputFile(CheckName(name ?? Path.GetFileName(full)), full, ReadOnlyMemory<byte>.Empty, stream.Length);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputFileException($"The input file '{path}' does not exist.", error);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException($"The input file '{path}' cannot be read: {error.Message}", error);
        }
    }

    /// <summary>An input given as bytes, for example what was piped to a command.</summary>
    /// <param name="name">The name the code sees it under, such as <c>stdin.csv</c>.</param>
    /// <param name="content">Its bytes (kept as given; not copied).</param>
    /// <exception cref="InputFileException">The name is not a plain file name.</exception>
    public static InputFile FromBytes(string name, ReadOnlyMemory<byte> content) =>
        new(CheckName(name), null, content, content.Length);

    /// <summary>Writes its bytes to <paramref name="target"/>.</summary>
    internal void CopyTo(string target)
    {
        if (_path is null)
        {
            File.WriteAllBytes(target, _content.ToArray());
            return;
        }

        try
        {
            File.Copy(_path, target);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputFileException($"The input file '{_path}' no longer exists.", error);
        }
        catch (UnauthorizedAccessException error)
        {
            throw new InputFileException($"The input file '{_path}' cannot be read: {error.Message}", error);
        }
    }

    /// <summary>Up to <paramref name="count"/> bytes from its start (for the description the model gets).</summary>
    internal byte[] ReadHead(int count)
    {
        if (_path is null)
        {
            return _content.Span[..(int)Math.Min(count, _content.Length)].ToArray();
        }

        try
        {
            using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var buffer = new byte[(int)Math.Min(count, Math.Max(0, stream.Length))];
            stream.ReadExactly(buffer);
            return buffer;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException($"The input file '{_path}' cannot be read: {error.Message}", error);
        }
    }

    /// <summary>Checks that a list of inputs has no two of the same name.</summary>
    internal static IReadOnlyList<InputFile> CheckDistinct(IReadOnlyList<InputFile>? files)
    {
        if (files is null || files.Count == 0)
        {
            return [];
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            ArgumentNullException.ThrowIfNull(file, nameof(files));
            if (!names.Add(file.Name))
            {
                throw new InputFileException($"Two input files are named '{file.Name}'; the code sees each input under its name, so give one of them another name.");
            }
        }

        return files;
    }

    private static string CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name is "." or ".." || name.IndexOfAny(['/', '\\', '\0']) >= 0
            || name.Any(char.IsControl) || System.Text.Encoding.UTF8.GetByteCount(name) > 255)
        {
            throw new InputFileException($"'{name}' is not a usable input name: give a plain file name such as 'sales.csv' (no folders, at most 255 bytes).");
        }

        return name;
    }
}
