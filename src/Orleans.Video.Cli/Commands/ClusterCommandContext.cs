using System.CommandLine;
using Orleans.Video.Cli.Output;
using Orleans.Video.Client;

namespace Orleans.Video.Cli.Commands;

/// <summary>What a command's body gets once the client is connected.</summary>
internal sealed record ClusterCommandContext(ParseResult Parse, VideoClient Video, Terminal Terminal);
