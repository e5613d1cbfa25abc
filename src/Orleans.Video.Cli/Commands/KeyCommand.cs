using System.CommandLine;
using Orleans.Video.Cli.Connection;
using Orleans.Video.Cli.Output;

namespace Orleans.Video.Cli.Commands;

/// <summary><c>key create|list|revoke</c>: API keys with roles for the HTTP API and the web UI.</summary>
internal static class KeyCommand
{
    public static Command Create(ConnectionOptions connection) => new("key", "API keys with roles (viewer, operator, admin) for the HTTP API and the web UI")
    {
        CreateKey(connection),
        ListKeys(connection),
        RevokeKey(connection),
    };

    private static Command CreateKey(ConnectionOptions connection)
    {
        var name = new Argument<string>("name") { Description = "The key's name (what the audit log calls its user)" };
        var role = new Option<ApiRole>("--role", "-r") { Description = "viewer (watch, query, clips), operator (+ cameras and jobs) or admin (+ keys, notifications, audit)", Required = true };
        var json = CommonOptions.Json();
        var command = new Command("create", "Create a key; it is printed this once") { name, role, json };
        command.SetClusterAction(connection, json, async (context, _) =>
        {
            CreatedApiKey created;
            try
            {
                created = await context.Video.CreateApiKeyAsync(context.Parse.GetRequiredValue(name), context.Parse.GetValue(role));
            }
            catch (InvalidOperationException e)
            {
                Terminal.Error(e.Message);
                return ExitCodes.InvalidInput;
            }
            if (context.Terminal.Json)
            {
                context.Terminal.WriteJson(new { name = created.Info.Name, role = Role(created.Info.Role), key = created.Key });
            }
            else
            {
                // The key alone on stdout, so `key=$(orleans-video key create ci --role viewer)` works; the rest on stderr.
                Console.Error.WriteLine($"created {created.Info.Name} ({Role(created.Info.Role)}); the key is shown this once:");
                context.Terminal.Line(created.Key);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ListKeys(ConnectionOptions connection)
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "Keys the cluster made: name, role, created, by whom (never the keys)") { json };
        command.SetClusterAction(connection, json, async (context, _) =>
        {
            var keys = await context.Video.ListApiKeysAsync();
            if (context.Terminal.Json)
            {
                context.Terminal.WriteJson(keys.Select(key => new { name = key.Name, role = Role(key.Role), created = key.Created, createdBy = key.CreatedBy }));
            }
            else
            {
                foreach (var key in keys)
                {
                    context.Terminal.Line($"{key.Name,-24} {Role(key.Role),-9} {key.Created:yyyy-MM-dd HH:mm}  {key.CreatedBy}");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command RevokeKey(ConnectionOptions connection)
    {
        var name = new Argument<string>("name") { Description = "The key's name" };
        var command = new Command("revoke", "Revoke a key: requests and logins with it fail at once") { name };
        command.SetClusterAction(connection, json: null, async (context, _) =>
        {
            var key = context.Parse.GetRequiredValue(name);
            if (!await context.Video.RevokeApiKeyAsync(key))
            {
                Terminal.Error($"no key '{key}'");
                return ExitCodes.NotFound;
            }
            context.Terminal.Line($"revoked {key}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Role(ApiRole role) => role.ToString().ToLowerInvariant();
}
