namespace Orleans.Video.Inference;

/// <summary>Where a model's input has the scaled frame; the padding fills the rest.</summary>
public enum LetterboxPlacement
{
    /// <summary>Centred, the padding split evenly (ultralytics' YOLOv5, YOLOv8, YOLO11).</summary>
    Center = 0,

    /// <summary>At the top-left corner, all padding right and below (YOLOX's preprocessing).</summary>
    TopLeft = 1,
}

public static class LetterboxPlacementExtensions
{
    /// <summary>
    /// The letterbox as the model sees it: frames arrive centred (the decoder's placement), and a top-left model gets
    /// the same content moved to the corner, for filling its input and for mapping its boxes back alike.
    /// </summary>
    public static Letterbox Place(this LetterboxPlacement placement, Letterbox letterbox) =>
        placement == LetterboxPlacement.TopLeft ? letterbox with { PadX = 0, PadY = 0 } : letterbox;
}
