namespace Orleans.Video.Inference;

/// <summary>A candidate detection before suppression: a box (in model-input pixels), its best class and that class's score.</summary>
public readonly record struct ScoredBox(Box Box, float Score, int ClassId);
