using Orleans.Runtime;
using Orleans.Video.Inference;

namespace Orleans.Video.Grains.Inference;

/// <summary>
/// Starts the silo's inference engine (loading and warming every model) before the silo takes cameras, and stops it
/// only after the cameras have stopped (<see cref="Cameras.LocalCameras"/> runs at <see cref="ServiceLifecycleStage.Active"/>,
/// which stops first): frames still in flight when the silo stops are analysed, not failed.
/// </summary>
internal sealed class InferenceLifecycle(InferenceEngine engine) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(InferenceLifecycle), ServiceLifecycleStage.ApplicationServices, engine.StartAsync, engine.StopAsync);
}
