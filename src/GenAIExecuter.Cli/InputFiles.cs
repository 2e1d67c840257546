using System.Text;
using GenAIExecuter.Generation;

namespace GenAIExecuter.Cli;

/// <summary>The input files of a command: each <c>--file PATH</c> (<c>--file -</c> for standard input), and for
/// <c>run</c>, data piped to it (<c>cat sales.csv | genai-exec run "…"</c>). Each is checked before anything is sent
/// to a model or run: a missing or unreadable one is a usage error (exit code 2).</summary>
internal static class InputFiles
{
    /// <summary>How long <c>run</c> waits for the first byte of piped data before it goes on without it (a program that
    /// started it with an open, silent pipe must not hang it). <c>--file -</c> waits as long as it takes.</summary>
    public static readonly TimeSpan PipeWait = TimeSpan.FromSeconds(1);

    public static async Task<IReadOnlyList<InputFile>> CollectAsync(string[]? paths, bool readPipedInput, CliConsole console, CancellationToken cancellationToken)
    {
        var files = new List<InputFile>();
        var stdinTaken = false;
        foreach (var path in paths ?? [])
        {
            if (path == "-")
            {
                if (stdinTaken)
                {
                    throw new UsageException("'--file -' (standard input) can be given once.");
                }

                stdinTaken = true;
                files.Add(Named(await ReadAllAsync(console, cancellationToken).ConfigureAwait(false)));
            }
            else
            {
                files.Add(InputFile.FromFile(path));
            }
        }

        if (readPipedInput && !stdinTaken && !console.IsInteractive && await ReadPipedAsync(console, cancellationToken).ConfigureAwait(false) is { Length: > 0 } piped)
        {
            files.Add(Named(piped));
        }

        return files;
    }

    /// <summary>One dim line per input on standard error, so that a person sees what the code was given (piped data too).</summary>
    public static async Task ShowAsync(IReadOnlyList<InputFile> files, CliConsole console)
    {
        foreach (var file in files)
        {
            var from = file.SourcePath is null ? "standard input" : file.SourcePath;
            await console.Error.WriteLineAsync(console.Paint(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"input: {file.Name} ({file.SizeBytes} bytes, from {from})"), "2")).ConfigureAwait(false);
        }
    }

    /// <summary>Piped data is named by what it holds: stdin.csv, stdin.tsv, stdin.json, stdin.txt or stdin.bin.</summary>
    private static InputFile Named(byte[] content) =>
        InputFile.FromBytes("stdin." + InputFormat.Sniff(content.Length > 65536 ? content[..65536] : content), content);

    private static async Task<byte[]> ReadAllAsync(CliConsole console, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(console.Input, Console.In))
        {
            return Encoding.UTF8.GetBytes(await console.Input.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
        }

        using var buffer = new MemoryStream();
        await using var stdin = Console.OpenStandardInput();
        await stdin.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>What was piped, or null when nothing came: the pipe was empty, or silent for <see cref="PipeWait"/>.</summary>
    private static async Task<byte[]?> ReadPipedAsync(CliConsole console, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(console.Input, Console.In))
        {
            var text = await console.Input.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            return text.Length == 0 ? null : Encoding.UTF8.GetBytes(text);
        }

        var stdin = Console.OpenStandardInput();
        var first = new byte[81920];
        var read = stdin.ReadAsync(first, cancellationToken).AsTask();
        if (await Task.WhenAny(read, Task.Delay(PipeWait, cancellationToken)).ConfigureAwait(false) != read)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await console.Error.WriteLineAsync(
                $"note: standard input is open but sent nothing within {PipeWait.TotalSeconds:0} s, so it is not used as an input file; use --file - to wait for it.").ConfigureAwait(false);
            return null; // the read stays pending; the process exits without it
        }

        var count = await read.ConfigureAwait(false);
        if (count == 0)
        {
            await stdin.DisposeAsync().ConfigureAwait(false);
            return null;
        }

        using var buffer = new MemoryStream();
        buffer.Write(first, 0, count);
        await stdin.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        await stdin.DisposeAsync().ConfigureAwait(false);
        return buffer.ToArray();
    }
}
