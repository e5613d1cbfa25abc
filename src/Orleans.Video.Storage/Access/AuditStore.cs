using System.Text;
using Npgsql;
using Orleans.Video.Storage.Results;

namespace Orleans.Video.Storage.Access;

/// <summary>The audit log (<c>video_audit</c>, deploy/sql/009-audit.sql): appended, read newest first by id.</summary>
public sealed class AuditStore(ResultsDatabase database)
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "INSERT INTO video_audit (service_id, at, actor, action, target, detail) VALUES (@service, @at, @actor, @action, @target, @detail)", connection);
        command.Parameters.AddWithValue("service", database.ServiceId);
        command.Parameters.AddWithValue("at", entry.At);
        command.Parameters.AddWithValue("actor", entry.Actor);
        command.Parameters.AddWithValue("action", entry.Action);
        command.Parameters.AddWithValue("target", entry.Target);
        command.Parameters.AddWithValue("detail", (object?)entry.Detail ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Matching entries, newest first; <see cref="AuditPage.Next"/> is the id to pass as <see cref="AuditQuery.Before"/>.</summary>
    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        if (query.Limit is < 1 or > AuditQuery.MaxLimit)
        {
            throw new ArgumentException($"limit must be between 1 and {AuditQuery.MaxLimit}", nameof(query));
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand { Connection = connection };
        var sql = new StringBuilder("SELECT id, at, actor, action, target, detail FROM video_audit WHERE service_id = @service");
        command.Parameters.AddWithValue("service", database.ServiceId);
        void Where(string condition, string name, object? value)
        {
            if (value is not null)
            {
                sql.Append(" AND ").Append(condition);
                command.Parameters.AddWithValue(name, value);
            }
        }
        Where("at >= @from", "from", query.From);
        Where("at < @to", "to", query.To);
        Where("actor = @actor", "actor", query.Actor);
        Where("action = @action", "action", query.Action);
        Where("target = @target", "target", query.Target);
        Where("id < @before", "before", query.Before);
        sql.Append(" ORDER BY id DESC LIMIT @limit");
        command.Parameters.AddWithValue("limit", query.Limit + 1);
        command.CommandText = sql.ToString();
        var items = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new AuditEntry
            {
                Id = reader.GetInt64(0),
                At = reader.GetFieldValue<DateTimeOffset>(1),
                Actor = reader.GetString(2),
                Action = reader.GetString(3),
                Target = reader.GetString(4),
                Detail = reader.IsDBNull(5) ? null : reader.GetString(5),
            });
        }
        var more = items.Count > query.Limit;
        if (more)
        {
            items.RemoveAt(items.Count - 1);
        }
        return new AuditPage(items, more ? items[^1].Id : null);
    }
}
