using GenAIExecuter.Agents;
using Microsoft.Extensions.AI;

namespace GenAIExecuter;

public sealed partial class CodeExecuter
{
    /// <summary>This executer as a tool any <see cref="IChatClient"/> with function calling can use
    /// (<c>FunctionInvokingChatClient</c>, an Agent Framework <c>ChatClientAgent</c>): <c>execute_python</c>, with a
    /// required <c>code</c> and an optional <c>timeout</c> in seconds (at most the executer's own).</summary>
    /// <remarks>The function returns the status, output and error as JSON text, and each file the run produced as
    /// <see cref="DataContent"/> (charts as <c>image/png</c>). Failures of the code, refusals and sandbox errors are
    /// results the model reads, never exceptions. It runs only in SAFE mode unless <paramref name="allowPermissive"/>:
    /// an executer switched to PERMISSIVE answers with a refusal.</remarks>
    /// <param name="allowPermissive">Let the function run while the executer is in PERMISSIVE mode.</param>
    /// <param name="name">The function's name.</param>
    public AIFunction AsAIFunction(bool allowPermissive = false, string name = ExecutePythonFunction.DefaultName) =>
        new ExecutePythonFunction(this, _options.Timeout, allowPermissive, name);
}
