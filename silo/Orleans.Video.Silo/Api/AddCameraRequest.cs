using System.Text.Json.Serialization;

namespace Orleans.Video.Silo.Api;

/// <summary>Body of <c>POST /api/cameras</c>. Unknown fields are refused: a misspelt "fsp" should not silently mean the default.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AddCameraRequest(
    string? Id, string? Source, double? Fps, string? Model, bool? Loop, bool? MotionGate,
    List<Zone>? Zones = null, DetectionFilter? Filter = null, RecordConfig? Record = null,
    string? RecordSource = null, RtspTransport? RtspTransport = null, HwAccel? Hwaccel = null, bool? KeyframesOnly = null,
    bool? TlsVerify = null, AlertRules? Alerts = null, List<MotionMask>? MotionMasks = null);
