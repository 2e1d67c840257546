using System.CommandLine;
using GenAIExecuter.Cli;

return await GenAIExecCli.InvokeAsync(args, Console.Out, Console.Error, Console.In).ConfigureAwait(false);
