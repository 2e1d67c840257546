using System.Globalization;
using System.Text.Json;
using Tomlyn;
using Tomlyn.Model;

namespace GenAIExecuter.Configuration;

/// <summary>A configuration file (JSON or TOML, in the original module's shape) read into flat <c>section.key</c> values.</summary>
internal static class ConfigFile
{
    public static string[] SearchFolders(string workingDirectory) => [workingDirectory, Generation.ApiKeys.ConfigFolder];

    /// <summary>The file to use: the explicit one (which must exist), else config.json or config.toml in the working
    /// directory, then in the user config folder; null when there is none.</summary>
    public static string? Find(string? explicitPath, string workingDirectory)
    {
        if (explicitPath is not null)
        {
            var full = Path.GetFullPath(explicitPath, workingDirectory);
            return File.Exists(full) ? full : throw new ConfigurationException($"The configuration file '{full}' does not exist.");
        }

        return SearchFolders(workingDirectory)
            .SelectMany(folder => new[] { Path.Combine(folder, "config.json"), Path.Combine(folder, "config.toml") })
            .FirstOrDefault(File.Exists);
    }

    public static Dictionary<string, string> Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"The configuration file '{path}' cannot be read: {error.Message}", error);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (path.EndsWith(".toml", StringComparison.OrdinalIgnoreCase))
        {
            TomlTable table;
            try
            {
                table = TomlSerializer.Deserialize<TomlTable>(text)!;
            }
            catch (TomlException error)
            {
                throw new ConfigurationException($"The configuration file '{path}' is not valid TOML: {error.Message.Split('\n')[0]}", error);
            }

            Flatten(table, string.Empty, values, path);
        }
        else
        {
            try
            {
                using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                Flatten(doc.RootElement, string.Empty, values, path);
            }
            catch (JsonException error)
            {
                throw new ConfigurationException($"The configuration file '{path}' is not valid JSON (line {error.LineNumber + 1}): {error.Message.Split('.')[0]}.", error);
            }
        }

        return values;
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string> values, string path)
    {
        foreach (var property in element.EnumerateObject())
        {
            var key = prefix + property.Name;
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object when prefix.Length == 0:
                    Flatten(property.Value, key + ".", values, path);
                    break;
                case JsonValueKind.Null:
                    break;
                case JsonValueKind.String:
                    values[key] = property.Value.GetString()!;
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    values[key] = property.Value.GetRawText();
                    break;
                default:
                    throw new ConfigurationException($"'{key}' in '{path}' must be a single value, not {property.Value.ValueKind.ToString().ToLowerInvariant()}.");
            }
        }
    }

    private static void Flatten(TomlTable table, string prefix, Dictionary<string, string> values, string path)
    {
        foreach (var (name, value) in table)
        {
            var key = prefix + name;
            switch (value)
            {
                case TomlTable inner when prefix.Length == 0:
                    Flatten(inner, key + ".", values, path);
                    break;
                case bool flag:
                    values[key] = flag ? "true" : "false";
                    break;
                case string or long or double:
                    values[key] = Convert.ToString(value, CultureInfo.InvariantCulture)!;
                    break;
                default:
                    throw new ConfigurationException($"'{key}' in '{path}' must be a single value.");
            }
        }
    }
}
