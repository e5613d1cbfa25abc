using System.CommandLine;
using Orleans.Video.Cli.Connection;

namespace Orleans.Video.Cli.Commands;

/// <summary><c>audit [--actor A] [--action X] [--target T] [--limit N]</c>: changes to cameras, jobs and keys, newest first.</summary>
internal static class AuditCommand
{
    public static Command Create(ConnectionOptions connection)
    {
        var actor = new Option<string?>("--actor") { Description = "Only this actor (key:NAME, cli:USER@HOST)" };
        var action = new Option<string?>("--action") { Description = "Only this action (camera.configure, camera.remove, job.submit, job.cancel, job.remove, key.create, key.revoke)" };
        var target = new Option<string?>("--target") { Description = "Only this camera, job or key" };
        var limit = new Option<int>("--limit", "-n") { Description = $"At most this many entries, 1..{AuditQuery.MaxLimit}", DefaultValueFactory = _ => 50 };
        var json = CommonOptions.Json();
        var command = new Command("audit", "Who changed cameras, jobs and keys, and when (newest first)") { actor, action, target, limit, json };
        command.SetClusterAction(connection, json, async (context, _) =>
        {
            var page = await context.Video.QueryAuditAsync(new AuditQuery(
                Actor: context.Parse.GetValue(actor), Action: context.Parse.GetValue(action), Target: context.Parse.GetValue(target),
                Limit: context.Parse.GetValue(limit)));
            if (context.Terminal.Json)
            {
                context.Terminal.WriteJson(page.Items);
            }
            else
            {
                foreach (var e in page.Items)
                {
                    context.Terminal.Line($"{e.At.ToLocalTime():yyyy-MM-dd HH:mm:ss}  {e.Actor,-28} {e.Action,-16} {e.Target}{(e.Detail is null ? "" : "  " + e.Detail)}");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
