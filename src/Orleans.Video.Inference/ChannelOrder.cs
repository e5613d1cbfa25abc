namespace Orleans.Video.Inference;

/// <summary>The channel order a model expects; frames are converted to it when they are preprocessed.</summary>
public enum ChannelOrder
{
    Rgb = 0,
    Bgr = 1,
}
