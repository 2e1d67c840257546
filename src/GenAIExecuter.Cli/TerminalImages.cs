using System.Text;

namespace GenAIExecuter.Cli;

/// <summary>Shows a captured chart inline on terminals that can draw images: kitty's graphics protocol (kitty, Ghostty,
/// WezTerm) or iTerm2's inline images (iTerm2, WezTerm). Elsewhere the CLI prints the image's path only.
/// <c>GENAI_EXEC_IMAGES</c> (<c>kitty</c>, <c>iterm</c> or <c>none</c>) overrides what is detected.</summary>
internal static class TerminalImages
{
    public const string Kitty = "kitty";
    public const string ITerm = "iterm";

    /// <summary>Images bigger than this are not drawn (their path is enough).</summary>
    private const long MaxBytes = 8L << 20;

    private const int KittyChunk = 4096;

    /// <summary>The protocol this terminal speaks, or null when it draws no images or standard error is not a terminal.</summary>
    public static string? Detect(CliConsole console)
    {
        var forced = Environment.GetEnvironmentVariable("GENAI_EXEC_IMAGES")?.Trim().ToLowerInvariant();
        if (!console.IsTerminal || forced is "none")
        {
            return null;
        }

        if (forced is Kitty or ITerm)
        {
            return forced;
        }

        var term = Environment.GetEnvironmentVariable("TERM") ?? string.Empty;
        var program = Environment.GetEnvironmentVariable("TERM_PROGRAM") ?? string.Empty;
        if (term == "xterm-kitty" || term == "xterm-ghostty" || Environment.GetEnvironmentVariable("KITTY_WINDOW_ID") is not null)
        {
            return Kitty;
        }

        return program is "iTerm.app" or "WezTerm" || Environment.GetEnvironmentVariable("LC_TERMINAL") == "iTerm2" ? ITerm : null;
    }

    /// <summary>The escape sequence that draws a PNG, or null for an image too big to draw.</summary>
    public static string? Sequence(string protocol, string name, byte[] png)
    {
        if (png.Length > MaxBytes)
        {
            return null;
        }

        var data = Convert.ToBase64String(png);
        if (protocol == ITerm)
        {
            var encodedName = Convert.ToBase64String(Encoding.UTF8.GetBytes(name));
            return $"\u001b]1337;File=name={encodedName};size={png.Length};inline=1;preserveAspectRatio=1:{data}\u0007\n";
        }

        var text = new StringBuilder();
        for (var offset = 0; offset < data.Length; offset += KittyChunk)
        {
            var chunk = data.Substring(offset, Math.Min(KittyChunk, data.Length - offset));
            var more = offset + KittyChunk < data.Length ? 1 : 0;
            text.Append("\u001b_G").Append(offset == 0 ? $"f=100,a=T,m={more}" : $"m={more}").Append(';').Append(chunk).Append("\u001b\\");
        }

        return text.Append('\n').ToString();
    }
}
