using System.CommandLine;
using Orleans.Video.Cli;

// Ctrl-C cancels the running command's token; a command that has not finished 5 s later is abandoned.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(5) };
return await CliApplication.Parse(args).InvokeAsync(invocation);
