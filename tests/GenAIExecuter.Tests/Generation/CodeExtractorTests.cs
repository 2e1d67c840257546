using GenAIExecuter.Tests.Support;

using GenAIExecuter.Generation;

namespace GenAIExecuter.Tests.Generation;

public sealed class CodeExtractorTests
{
    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("```python\nprint(1)\n```", "print(1)\n")]
    [InlineData("Here you go:\n\n```py\nx = 2\nprint(x)\n```\nThis prints 2.", "x = 2\nprint(x)\n")]
    [InlineData("```Python3\nprint('a')\n```", "print('a')\n")]
    [InlineData("```\nprint('untagged')\n```", "print('untagged')\n")]
    [InlineData("First:\n```python\nimport math\n```\nThen:\n```python\nprint(math.pi)\n```", "import math\n\nprint(math.pi)\n")]
    [InlineData("```bash\npip install x\n```\n```python\nprint(3)\n```\n```text\n3\n```", "print(3)\n")]
    [InlineData("```python\r\nprint(1)\r\nprint(2)\r\n```\r\n", "print(1)\nprint(2)\n")]
    [InlineData("```python\nprint('never closed')\n", "print('never closed')\n")]
    [InlineData("import math\nprint(math.factorial(5))", "import math\nprint(math.factorial(5))\n")]
    [InlineData("total = sum(range(10))\nprint(total)", "total = sum(range(10))\nprint(total)\n")]
    public async Task Extract_FindsTheCode(string reply, string expected)
    {
        Assert.Equal(expected, CodeExtractor.Extract(reply));
        await Task.CompletedTask;
    }

    [Theory(Timeout = TestTimeouts.Default)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("I'm sorry, I can't help with that.")]
    [InlineData("The answer is 42.")]
    [InlineData("```bash\nls -la\n```")]
    [InlineData("```python\n\n```")]
    public async Task Extract_NoCode_IsNull(string reply)
    {
        Assert.Null(CodeExtractor.Extract(reply));
        await Task.CompletedTask;
    }
}
