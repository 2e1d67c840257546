using System.Text;
using GenAIExecuter.Generation;

namespace GenAIExecuter.Tests.Generation;

/// <summary>What the model is told about each input file: enough to write code for the real data.</summary>
public sealed class InputDescriberTests
{
    [Fact]
    public void Csv_ColumnsWithTheirTypes_AndFirstLines()
    {
        var csv = "region,units,price,when,ok,note\nNorth,12,3.5,2024-01-02,true,\"a, b\"\nSouth,7,4,2024-02-03,false,c\n";

        var text = InputDescriber.Describe(InputFile.FromBytes("sales.csv", Encoding.UTF8.GetBytes(csv)));

        Assert.StartsWith($"- sales.csv ({csv.Length} bytes): comma-separated, 6 columns: ", text, StringComparison.Ordinal);
        Assert.Contains("region (text), units (integer), price (decimal), when (date/time), ok (boolean), note (text)", text, StringComparison.Ordinal);
        Assert.Contains("  North,12,3.5,2024-01-02,true,\"a, b\"\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_ItsShape()
    {
        var text = InputDescriber.Describe(InputFile.FromBytes("items.json", """[{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]"""u8.ToArray()));

        Assert.Contains("JSON, a list of 2 item(s), objects with keys id, name.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void BigFiles_OnlyTheirStart_IsRead()
    {
        var big = new StringBuilder("a;b\n");
        for (var i = 0; i < 100_000; i++)
        {
            big.Append(i).Append(';').Append(i * 2).Append('\n');
        }

        var text = InputDescriber.Describe(InputFile.FromBytes("big.txt", Encoding.UTF8.GetBytes(big.ToString())));

        Assert.Contains("semicolon-separated, 2 columns: a (integer), b (integer)", text, StringComparison.Ordinal);
        Assert.Contains("MiB)", text, StringComparison.Ordinal);
        Assert.True(text.Length < 2_000, $"{text.Length} characters");
    }

    [Fact]
    public void Binary_NameSizeAndType_Only()
    {
        var text = InputDescriber.Describe(InputFile.FromBytes("book.xlsx", new byte[] { 0x50, 0x4B, 3, 4, 0, 0 }));

        Assert.Equal("- book.xlsx (6 bytes): binary, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.\n", text);
    }

    [Theory]
    [InlineData("a,b\n1,2\n3,4\n", InputFormat.Csv)]
    [InlineData("a\tb\n1\t2\n", InputFormat.Tsv)]
    [InlineData("  {\"a\": 1}", InputFormat.Json)]
    [InlineData("just some words\nand more\n", InputFormat.Text)]
    [InlineData("\0\u0001binary", InputFormat.Binary)]
    public void PipedData_IsRecognised(string content, string kind) =>
        Assert.Equal(kind, InputFormat.Sniff(Encoding.UTF8.GetBytes(content)));

    [Fact]
    public void TheSystemPrompt_DescribesEachInput_AndWhereItIs()
    {
        InputFile[] inputs = [InputFile.FromBytes("a.csv", "x,y\n1,2\n"u8.ToArray()), InputFile.FromBytes("b.txt", "hello\n"u8.ToArray())];

        var inWork = PromptBuilder.System("3.11.2", [], SecurityMode.Safe, "/work", inputs, inputsInWorkingDirectory: true);
        var elsewhere = PromptBuilder.System("3.11.2", [], SecurityMode.Permissive, "/work", inputs, inputsInWorkingDirectory: false);

        Assert.Contains("open each by its name in the working directory, for example pd.read_csv(\"a.csv\")", inWork, StringComparison.Ordinal);
        Assert.Contains("- a.csv (8 bytes): comma-separated, 2 columns: x (integer), y (integer)", inWork, StringComparison.Ordinal);
        Assert.Contains("- b.txt (6 bytes): text, first lines:", inWork, StringComparison.Ordinal);
        Assert.Contains("os.path.join(os.environ[\"GENAI_INPUTS\"], \"a.csv\")", elsewhere, StringComparison.Ordinal);
        Assert.DoesNotContain("Input files", PromptBuilder.System("3.11.2", [], SecurityMode.Safe, "/work"), StringComparison.Ordinal);
    }
}
