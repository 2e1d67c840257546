using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace GenAIExecuter.Cli.Commands;

/// <summary>Numeric options that parse and range-check their value themselves, so that a mistyped number is one clear
/// line ("--timeout expects a number of seconds; 'abc' is not one") and never a .NET type name or a crash.</summary>
internal static class NumberOptions
{
    /// <summary>An option whose value is null when it is not given.</summary>
    /// <param name="what">What the value is, for the error: "a number of seconds", "a whole number".</param>
    public static Option<T?> Optional<T>(string name, string description, string helpName, string what, T min, T? max = null)
        where T : struct, INumber<T> => new(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result => Parse(result, name, what, min, max),
        };

    /// <summary>An option with a default value.</summary>
    public static Option<T> WithDefault<T>(string name, string alias, string description, string helpName, string what, T defaultValue, T min, T? max = null)
        where T : struct, INumber<T>
    {
        var option = alias.Length == 0 ? new Option<T>(name) : new Option<T>(name, alias);
        option.Description = description;
        option.HelpName = helpName;
        option.DefaultValueFactory = _ => defaultValue;
        option.CustomParser = result => Parse(result, name, what, min, max) ?? defaultValue;
        return option;
    }

    private static T? Parse<T>(ArgumentResult result, string name, string what, T min, T? max)
        where T : struct, INumber<T>
    {
        var token = result.Tokens.Count == 0 ? string.Empty : result.Tokens[^1].Value;
        var styles = typeof(T) == typeof(double) ? NumberStyles.Float : NumberStyles.Integer;
        if (!T.TryParse(token, styles, CultureInfo.InvariantCulture, out var value) || (value is double d && !double.IsFinite(d)))
        {
            result.AddError($"{name} expects {what}; '{token}' is not one.");
            return null;
        }

        if (value < min || (max is { } top && value > top))
        {
            var range = max is { } upper
                ? string.Create(CultureInfo.InvariantCulture, $"between {min} and {upper}")
                : string.Create(CultureInfo.InvariantCulture, $"at least {min}");
            result.AddError($"{name} must be {range}; it is {token}.");
            return null;
        }

        return value;
    }
}
