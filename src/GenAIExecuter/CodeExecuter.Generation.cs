using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GenAIExecuter.Generation;
using Microsoft.Extensions.AI;

namespace GenAIExecuter;

public sealed partial class CodeExecuter
{
    /// <summary>Asks the model for Python code that carries out the instruction, without running it.</summary>
    /// <param name="instruction">What to do, in plain language.</param>
    /// <param name="context">Extra information for the model (data layout, constraints); null for none.</param>
    /// <param name="inputFiles">Files the code will read; the model is told their names and first lines or columns. Null for none.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <returns>The code; empty when the model's reply held none.</returns>
    /// <exception cref="ConfigurationException">The executer has no chat client.</exception>
    /// <exception cref="InputFileException">Two inputs share a name, or an input can no longer be read.</exception>
    public async Task<string> GenerateCodeAsync(string instruction, string? context = null, IReadOnlyList<InputFile>? inputFiles = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instruction);
        var messages = await OpeningAsync(instruction, context, InputFile.CheckDistinct(inputFiles), cancellationToken).ConfigureAwait(false);
        var response = await AskAsync(RequireChatClient(), messages, cancellationToken).ConfigureAwait(false);
        return CodeExtractor.Extract(response.Text) ?? string.Empty;
    }

    /// <summary>Turns an instruction into code with the model, runs it in the sandbox, and when it fails (no code, an
    /// error, a policy violation, a timeout) sends the failure back for corrected code, up to <paramref name="maxRetries"/> times.</summary>
    /// <param name="instruction">What to do, in plain language.</param>
    /// <param name="context">Extra information for the model; null for none.</param>
    /// <param name="timeout">How long each attempt may run; null for <see cref="CodeExecuterOptions.Timeout"/>.</param>
    /// <param name="saveExecution">Save the final result to the history; null for <see cref="CodeExecuterOptions.SaveExecutions"/>.</param>
    /// <param name="retryOnError">Ask the model to fix failed code.</param>
    /// <param name="maxRetries">How many fixes to ask for at most; null for <see cref="CodeExecuterOptions.MaxRetries"/>.</param>
    /// <param name="inputFiles">Files the code reads, read-only, under their names; the model is told what each holds. Null for none.</param>
    /// <param name="cancellationToken">Stops the request or the run (its process tree is killed).</param>
    /// <returns>The last attempt's result, with every attempt in <see cref="ExecutionResult.Attempts"/>.</returns>
    /// <exception cref="ConfigurationException">The executer has no chat client.</exception>
    /// <exception cref="InputFileException">Two inputs share a name, or an input can no longer be read.</exception>
    public Task<ExecutionResult> RunAsync(
        string instruction,
        string? context = null,
        TimeSpan? timeout = null,
        bool? saveExecution = null,
        bool retryOnError = true,
        int? maxRetries = null,
        IReadOnlyList<InputFile>? inputFiles = null,
        CancellationToken cancellationToken = default) =>
        RunCoreAsync(instruction, context, timeout, saveExecution, retryOnError, maxRetries, inputFiles, emit: null, cancellationToken);

    /// <summary>Like <see cref="RunAsync"/>, but yields what happens as it happens: the model's reply as it streams,
    /// each attempt's start, the program's output, each attempt's end, and finally the result.</summary>
    /// <param name="instruction">What to do, in plain language.</param>
    /// <param name="context">Extra information for the model; null for none.</param>
    /// <param name="timeout">How long each attempt may run; null for <see cref="CodeExecuterOptions.Timeout"/>.</param>
    /// <param name="saveExecution">Save the final result; null for <see cref="CodeExecuterOptions.SaveExecutions"/>.</param>
    /// <param name="retryOnError">Ask the model to fix failed code.</param>
    /// <param name="maxRetries">How many fixes to ask for at most; null for <see cref="CodeExecuterOptions.MaxRetries"/>.</param>
    /// <param name="inputFiles">Files the code reads, read-only, under their names; null for none.</param>
    /// <param name="cancellationToken">Stops the request or the run.</param>
    public async IAsyncEnumerable<RunEvent> RunStreamingAsync(
        string instruction,
        string? context = null,
        TimeSpan? timeout = null,
        bool? saveExecution = null,
        bool retryOnError = true,
        int? maxRetries = null,
        IReadOnlyList<InputFile>? inputFiles = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var events = Channel.CreateUnbounded<RunEvent>(new UnboundedChannelOptions { SingleReader = true });
        var run = Task.Run(async () =>
        {
            try
            {
                var result = await RunCoreAsync(instruction, context, timeout, saveExecution, retryOnError, maxRetries, inputFiles, e => events.Writer.TryWrite(e), cancellationToken).ConfigureAwait(false);
                events.Writer.TryWrite(new RunCompletedEvent(result));
                events.Writer.TryComplete();
            }
            catch (Exception error)
            {
                events.Writer.TryComplete(error);
            }
        }, CancellationToken.None);

        await foreach (var e in events.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            yield return e;
        }

        await run.ConfigureAwait(false);
    }

    private async Task<ExecutionResult> RunCoreAsync(
        string instruction,
        string? context,
        TimeSpan? timeout,
        bool? saveExecution,
        bool retryOnError,
        int? maxRetries,
        IReadOnlyList<InputFile>? inputFiles,
        Action<RunEvent>? emit,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instruction);
        var inputs = InputFile.CheckDistinct(inputFiles);
        var chat = RequireChatClient();
        var limit = CheckTimeout(timeout);
        var retries = retryOnError ? maxRetries ?? _options.MaxRetries : 0;
        ArgumentOutOfRangeException.ThrowIfNegative(retries, nameof(maxRetries));
        var (id, timestamp) = _ids.Next();
        var started = _options.TimeProvider.GetTimestamp();
        var messages = await OpeningAsync(instruction, context, inputs, cancellationToken).ConfigureAwait(false);
        var attempts = new List<ExecutionAttempt>();
        ExecutionResult last;
        string? model = _options.ModelName;
        while (true)
        {
            var asked = _options.TimeProvider.GetTimestamp();
            var attempt = attempts.Count + 1;
            var response = emit is null
                ? await AskAsync(chat, messages, cancellationToken).ConfigureAwait(false)
                : await AskStreamingAsync(chat, messages, text => emit(new ModelTextEvent(attempt, text)), cancellationToken).ConfigureAwait(false);
            model ??= response.ModelId;
            messages.AddRange(response.Messages);
            var code = CodeExtractor.Extract(response.Text);
            if (code is not null)
            {
                emit?.Invoke(new AttemptStartedEvent(attempt, code));
            }

            var progress = emit is null ? null : new ForwardingProgress(chunk => emit(new ProgramOutputEvent(attempt, chunk)));
            last = code is null
                ? NoCode(id, timestamp, response.Text, _options.TimeProvider.GetElapsedTime(asked), (await GetSandboxAsync(SecurityMode, cancellationToken).ConfigureAwait(false)).Plan.Report)
                : await RunCodeAsync(code, id, timestamp, limit, inputs, progress, cancellationToken).ConfigureAwait(false);
            attempts.Add(ExecutionAttempt.From(last, attempt, response.Usage?.TotalTokenCount));
            emit?.Invoke(new AttemptFinishedEvent(attempts[^1]));
            if (last.Success || attempts.Count > retries || !RetryFeedback.IsRetryable(last.Status))
            {
                break;
            }

            messages.Add(new ChatMessage(ChatRole.User, RetryFeedback.For(last, limit)));
        }

        var metadata = chat.GetService<ChatClientMetadata>();
        var result = last with
        {
            Instruction = instruction,
            Attempts = attempts,
            Provider = _chatClient is null ? _options.Provider ?? Providers.Default : metadata?.ProviderName,
            Model = model ?? metadata?.DefaultModelId,
            ExecutionTime = _options.TimeProvider.GetElapsedTime(started),
        };
        return saveExecution ?? _options.SaveExecutions ? TrySave(result) : result;
    }

    /// <summary>The chat client given to the constructor, or the configured provider's, created on first use (so that
    /// code-only use never needs a key).</summary>
    private IChatClient RequireChatClient() => _chatClient ?? _providerClient.Value.Client;

    private async Task<ChatResponse> AskStreamingAsync(IChatClient chat, List<ChatMessage> messages, Action<string> onText, CancellationToken cancellationToken)
    {
        var updates = new List<ChatResponseUpdate>();
        try
        {
            await foreach (var update in chat.GetStreamingResponseAsync(messages, ChatOptions(), cancellationToken).ConfigureAwait(false))
            {
                updates.Add(update);
                if (update.Text.Length > 0)
                {
                    onText(update.Text);
                }
            }
        }
        catch (Exception error) when (error is not OperationCanceledException && _chatClient is null && ProviderErrors.IsProviderFailure(error))
        {
            throw DescribeProviderError(error);
        }

        return updates.ToChatResponse();
    }

    private async Task<ChatResponse> AskAsync(IChatClient chat, List<ChatMessage> messages, CancellationToken cancellationToken)
    {
        try
        {
            return await chat.GetResponseAsync(messages, ChatOptions(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException && _chatClient is null && ProviderErrors.IsProviderFailure(error))
        {
            throw DescribeProviderError(error);
        }
    }

    /// <summary>Only for errors of the built-in provider's client, which exists by then; its key is not looked up again.</summary>
    private ModelRequestException DescribeProviderError(Exception error) =>
        ProviderErrors.Describe(error, _providerClient.Value.Provider, _providerClient.Value.KeySource, _options.BaseUrl);

    /// <summary>An <see cref="IProgress{T}"/> that calls back on the reporting thread, in order.</summary>
    private sealed class ForwardingProgress(Action<OutputChunk> forward) : IProgress<OutputChunk>
    {
        public void Report(OutputChunk value) => forward(value);
    }

    private ChatOptions ChatOptions() => new() { Temperature = (float?)_options.Temperature, ModelId = _options.ModelName };

    private async Task<List<ChatMessage>> OpeningAsync(string instruction, string? context, IReadOnlyList<InputFile> inputs, CancellationToken cancellationToken)
    {
        var sandbox = await GetSandboxAsync(SecurityMode, cancellationToken).ConfigureAwait(false);
        var packages = await PythonPackages.GetAsync(sandbox.Plan.Python, cancellationToken).ConfigureAwait(false);
        return
        [
            new ChatMessage(ChatRole.System, PromptBuilder.System(sandbox.Plan.Python.Version, packages, SecurityMode, sandbox.Plan.WorkingDirectory, inputs, sandbox.Plan.InputsInWorkingDirectory)),
            new ChatMessage(ChatRole.User, PromptBuilder.User(instruction, context)),
        ];
    }

    private ExecutionResult NoCode(string id, DateTimeOffset timestamp, string reply, TimeSpan elapsed, SandboxReport sandbox) => new()
    {
        ExecutionId = id,
        Timestamp = timestamp,
        Code = string.Empty,
        Status = ExecutionStatus.NoCode,
        Output = string.Empty,
        Error = "The model's reply held no Python code." + (string.IsNullOrWhiteSpace(reply) ? " The reply was empty." : string.Empty),
        ExecutionTime = elapsed,
        SecurityMode = SecurityMode,
        ExecutionMode = _options.ExecutionMode,
        Sandbox = sandbox,
    };
}
