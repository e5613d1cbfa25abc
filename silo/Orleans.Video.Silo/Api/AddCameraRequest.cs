namespace Orleans.Video.Silo.Api;

/// <summary>Body of <c>POST /api/cameras</c>.</summary>
public sealed record AddCameraRequest(string? Id, string? Source, double? Fps, string? Model, bool? Loop);
