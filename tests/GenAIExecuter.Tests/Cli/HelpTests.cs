using System.CommandLine;
using System.Text;
using GenAIExecuter.Cli;
using GenAIExecuter.Tests.Support;

namespace GenAIExecuter.Tests.Cli;

/// <summary>Every command's help ends with examples, and every example is a command line that parses.</summary>
public sealed class HelpTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static IEnumerable<(string Path, Command Command)> Commands(Command command, string path)
    {
        yield return (path, command);
        foreach (var child in command.Subcommands)
        {
            foreach (var descendant in Commands(child, path.Length == 0 ? child.Name : $"{path} {child.Name}"))
            {
                yield return descendant;
            }
        }
    }

    [Fact]
    public void EveryCommand_HasExamples_ThatParse()
    {
        var root = GenAIExecCli.Build(new CliConsole(TextWriter.Null, TextWriter.Null, TextReader.Null));

        foreach (var (path, _) in Commands(root, string.Empty))
        {
            Assert.True(HelpExamples.All.TryGetValue(path, out var examples) && examples.Length > 0, $"'genai-exec {path}' has no examples");
            foreach (var example in examples)
            {
                var words = Words(example[example.IndexOf("genai-exec", StringComparison.Ordinal)..].Split('#')[0]);
                var parse = root.Parse(words.Skip(1).ToArray());
                Assert.True(parse.Errors.Count == 0, $"'{example}': {string.Join("; ", parse.Errors.Select(e => e.Message))}");
                Assert.StartsWith($"genai-exec {path}".Trim(), string.Join(' ', words), StringComparison.Ordinal);
            }
        }
    }

    [LinuxTheory]
    [InlineData("run")]
    [InlineData("history list")]
    [InlineData("config show")]
    [InlineData("")]
    public async Task Help_EndsWithTheCommandsExamples(string path)
    {
        var (exit, output, _) = await CliProcess.RunAsync(fixture.World.Outside, null, null, [.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        Assert.Equal(0, exit);
        var examples = output[output.IndexOf("Examples:\n", StringComparison.Ordinal)..];
        Assert.All(HelpExamples.All[path], example => Assert.Contains("  " + example + "\n", examples, StringComparison.Ordinal));
    }

    /// <summary>Splits a command line as a shell would, for the quoting the examples use.</summary>
    private static List<string> Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quote = '\0';
        var inWord = false;
        foreach (var c in line)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
