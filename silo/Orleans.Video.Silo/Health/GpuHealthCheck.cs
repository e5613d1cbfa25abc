using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Video.Inference;

namespace Orleans.Video.Silo.Health;

/// <summary>
/// Degraded while models that asked for CUDA run on the CPU. Such a silo still advertises gpu=true and draws every
/// camera's inference, so it must say loudly that it is slow, here as in the <c>orleans_video_inference_cuda_fallback</c>
/// metric and the model's status (provider "CPU"). Degraded, not unhealthy: it still serves.
/// </summary>
public sealed class GpuHealthCheck(IInferenceEngine engine) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(engine.CudaFallbacks() is { Count: > 0 } onCpu
            ? HealthCheckResult.Degraded($"CUDA was asked for (Inference:UseCuda) but {string.Join(", ", onCpu)} run on the CPU: {engine.CudaUnavailable ?? "no usable GPU or CUDA runtime"}")
            : HealthCheckResult.Healthy());
}
