using System.CommandLine;
using System.Reflection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace GenAIExecuter.Cli.Commands;

/// <summary><c>genai-exec mcp</c>: the sandbox as an MCP server over standard input and output (the official C# SDK),
/// for Claude Desktop, VS Code, Cursor and any MCP client. Tools: <c>execute_python</c> (the library's AIFunction),
/// <c>list_executions</c> and <c>get_execution</c>. The security mode is the server's, fixed when it starts.</summary>
internal static class McpCommand
{
    public static Command Build(CliConsole console)
    {
        var allowPermissive = new Option<bool>("--allow-permissive")
        {
            Description = "Allow --security permissive: the server's clients then run code with no restrictions.",
        };
        var directory = HistoryOptions.ExecutionsDirectory();
        var shared = new SandboxOptions();
        var command = new Command("mcp", "Serve the sandbox to MCP clients (Claude Desktop, VS Code, agents) over standard input and output.");
        command.Options.Add(allowPermissive);
        command.Options.Add(directory);
        foreach (var option in new Option[] { shared.Security, shared.Mode, shared.Timeout, shared.Python, shared.AllowWeakIsolation, shared.Config })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = shared.ToExecuterOptions(parse);
            if (options.SecurityMode == SecurityMode.Permissive && !parse.GetValue(allowPermissive))
            {
                throw new UsageException("An MCP server runs its clients' code: PERMISSIVE mode needs --allow-permissive as well.");
            }

            options.LoggerFactory = new WarningLogger(console); // standard error: standard output carries the protocol
            options.ExecutionsDirectory = parse.GetValue(directory) ?? options.ExecutionsDirectory;
            options.PrestartedProcesses = Math.Max(1, CodeExecuterDefaults.PrestartedProcesses); // a server takes many calls
            await using var executer = new CodeExecuter(options);
            var server = new McpServerOptions
            {
                ServerInfo = new Implementation { Name = "genai-exec", Version = Version() },
                ServerInstructions = $"Runs Python in a {options.SecurityMode.ToString().ToUpperInvariant()} sandbox. Print every result; files written by relative path and matplotlib figures come back as content.",
                ToolCollection =
                [
                    McpServerTool.Create(executer.AsAIFunction(allowPermissive: parse.GetValue(allowPermissive))),
                    McpServerTool.Create(
                        (int? limit) => string.Join("\n", executer.ListExecutions(Math.Clamp(limit ?? 10, 1, 100)).Select(e => e.ToJson())),
                        new McpServerToolCreateOptions { Name = "list_executions", Description = "The newest saved executions (JSON, one per line), newest first. limit: 1 to 100, default 10.", ReadOnly = true }),
                    McpServerTool.Create(
                        (string id) => executer.GetExecution(id)?.ToJson() ?? $"No saved execution has the id '{id}'.",
                        new McpServerToolCreateOptions { Name = "get_execution", Description = "One saved execution by its id (or a unique prefix of it), as JSON.", ReadOnly = true }),
                ],
            };
            await using var transport = new StdioServerTransport("genai-exec");
            await using var mcp = McpServer.Create(transport, server);
            await mcp.RunAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Version() =>
        typeof(CodeExecuter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
}
