namespace GenAIExecuter.Tests.Support;

/// <summary>Collects output chunks and runs an action once the output contains a marker.</summary>
internal sealed class SignalingProgress(string marker, Action onMarker) : IProgress<OutputChunk>
{
    private readonly Lock _gate = new();
    private readonly System.Text.StringBuilder _seen = new();
    private bool _fired;

    public string Seen
    {
        get
        {
            lock (_gate)
            {
                return _seen.ToString();
            }
        }
    }

    public void Report(OutputChunk value)
    {
        bool fire;
        lock (_gate)
        {
            _seen.Append(value.Text);
            fire = !_fired && _seen.ToString().Contains(marker, StringComparison.Ordinal);
            _fired |= fire;
        }

        if (fire)
        {
            onMarker();
        }
    }
}
