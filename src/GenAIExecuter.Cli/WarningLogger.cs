using Microsoft.Extensions.Logging;

namespace GenAIExecuter.Cli;

/// <summary>Shows the library's warnings (a key moved into the keyring, SAFE mode without OS isolation) on standard
/// error as <c>warning: …</c> lines; everything below Warning stays quiet.</summary>
internal sealed class WarningLogger(CliConsole console) : ILoggerFactory, ILogger
{
    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            console.Error.WriteLine(console.Paint($"warning: {formatter(state, exception)}", "33"));
        }
    }

    public void Dispose()
    {
    }
}
