using System.Text;
using Npgsql;

namespace Orleans.Video.Storage.Results;

/// <summary>The camera condition both results tables' queries share.</summary>
internal static class CameraFilter
{
    /// <summary>
    /// Limits a query to <paramref name="cameras"/>; null asks every camera. One camera is an equality, so the
    /// planner walks that camera's key range; several are <c>= ANY</c> on the index by time.
    /// </summary>
    public static void Append(StringBuilder sql, NpgsqlParameterCollection parameters, IReadOnlyCollection<string>? cameras)
    {
        if (cameras is { Count: 1 })
        {
            sql.Append(" AND camera_id = @camera");
            parameters.AddWithValue("camera", cameras.First());
        }
        else if (cameras is not null)
        {
            sql.Append(" AND camera_id = ANY(@cameras)");
            parameters.AddWithValue("cameras", cameras.ToArray());
        }
    }
}
