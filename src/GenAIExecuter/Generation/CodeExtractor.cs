namespace GenAIExecuter.Generation;

/// <summary>Finds the Python code in a model's reply: fenced blocks (```python, ```py, ```python3, untagged), several of
/// them, prose around them, CRLF line ends, a fence the model never closed, or bare Python without fences.</summary>
internal static class CodeExtractor
{
    private static readonly string[] PythonTags = ["python", "py", "python3", "py3"];

    private static readonly string[] CodeStarts =
        ["import ", "from ", "print(", "def ", "class ", "for ", "while ", "if ", "with ", "try:", "#", "@", "async ", "result", "data"];

    /// <summary>The code, or null when the reply holds none.</summary>
    public static string? Extract(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return null;
        }

        var text = reply.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var blocks = FencedBlocks(text);
        if (blocks.Count > 0)
        {
            var python = blocks.Where(b => PythonTags.Contains(b.Tag)).Select(b => b.Code).ToList();
            if (python.Count > 0)
            {
                return Clean(string.Join("\n\n", python)); // several Python blocks are parts of one program
            }

            var untagged = blocks.Where(b => b.Tag.Length == 0).Select(b => b.Code).ToList();
            return untagged.Count > 0 ? Clean(untagged.MaxBy(c => c.Length)!) : null;
        }

        return LooksLikePython(text) ? Clean(text) : null;
    }

    private static List<(string Tag, string Code)> FencedBlocks(string text)
    {
        var blocks = new List<(string, string)>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var opening = lines[i].TrimStart();
            if (!opening.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var tag = opening[3..].Trim().ToLowerInvariant();
            var body = new List<string>();
            var j = i + 1;
            while (j < lines.Length && !lines[j].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                body.Add(lines[j]);
                j++;
            }

            blocks.Add((tag.Split(' ', 2)[0], string.Join('\n', body))); // an unclosed fence runs to the end of the reply
            i = j;
        }

        return blocks;
    }

    private static bool LooksLikePython(string text)
    {
        var first = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? string.Empty;
        return CodeStarts.Any(start => first.StartsWith(start, StringComparison.Ordinal))
            || (first.Contains(" = ", StringComparison.Ordinal) && !first.EndsWith('.'));
    }

    private static string? Clean(string code)
    {
        var trimmed = code.Trim('\n');
        return string.IsNullOrWhiteSpace(trimmed) ? null : trimmed + "\n";
    }
}
