using System.Globalization;

namespace GenAIExecuter;

/// <summary>Makes execution ids of the form <c>YYYYMMDD_HHMMSS_ffffff</c> (local time, microseconds), strictly
/// increasing for one generator even when many executions start in the same microsecond. (The history store makes
/// ids unique across generators and processes when it saves.)</summary>
internal sealed class ExecutionIdGenerator(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private long _lastTicks;

    /// <summary>Returns the id and the timestamp it encodes.</summary>
    public (string Id, DateTimeOffset Timestamp) Next()
    {
        var now = timeProvider.GetLocalNow();
        var ticks = now.Ticks - (now.Ticks % 10);
        lock (_gate)
        {
            if (ticks <= _lastTicks)
            {
                ticks = _lastTicks + 10; // one microsecond later
            }

            _lastTicks = ticks;
        }

        var stamp = new DateTimeOffset(ticks, now.Offset);
        return (Format(stamp), stamp);
    }

    public static string Format(DateTimeOffset stamp) =>
        stamp.ToString("yyyyMMdd'_'HHmmss'_'ffffff", CultureInfo.InvariantCulture);
}
