using System.Data;
using Npgsql;

namespace Orleans.Video.Storage.Tests;

/// <summary>
/// Runs a query from OrleansQuery the way the ADO.NET providers do: text from the table, parameters
/// typed by DbType (DateTime as DbType.DateTime, addresses as AnsiString), for the paths a running
/// cluster rarely takes.
/// </summary>
internal sealed class ProviderQuery(string connectionString)
{
    public async Task<object?> ScalarAsync(string queryKey, params (string Name, object? Value, DbType Type)[] parameters)
    {
        var text = await Sql.ScalarAsync<string>(connectionString, "SELECT QueryText FROM OrleansQuery WHERE QueryKey = @key", Sql.P("key", queryKey));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(text, connection);
        foreach (var (name, value, type) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { ParameterName = name, Value = value ?? DBNull.Value, DbType = type });
        }

        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }
}
