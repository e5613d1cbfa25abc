using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Orleans.Video.Silo.Security;

/// <summary>
/// The data-protection key ring in PostgreSQL (<c>deploy/sql/005-data-protection.sql</c>), so every silo, in any
/// deployment, protects and reads login cookies with the same keys, and keys survive restarts. Data protection reads
/// the ring when it starts and again when a cookie names a key it does not have yet (one another silo just made).
/// </summary>
public sealed class PostgresKeyRing(string connectionString) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = Open();
        using var command = new NpgsqlCommand("SELECT xml FROM orleans_video_data_protection_keys ORDER BY created", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = Open();
        // Keys are written once and never changed: a second write of the same name keeps the first.
        using var command = new NpgsqlCommand(
            "INSERT INTO orleans_video_data_protection_keys (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING",
            connection);
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return connection;
    }
}
