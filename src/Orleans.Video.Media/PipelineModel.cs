namespace Orleans.Video.Media;

/// <summary>What the pipeline needs to know of the model: its input size.</summary>
public sealed record PipelineModel(string Name, int InputWidth, int InputHeight);
