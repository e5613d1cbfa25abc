namespace Orleans.Video.Inference.Tests;

/// <summary>The labels a model gives, known before it loads: what <c>GET /api/models</c> lists and cameras are checked against.</summary>
public sealed class ModelLabelsTests(InferenceEngineFixture fixture) : IClassFixture<InferenceEngineFixture>
{
    [Fact]
    public void Each_model_lists_its_labels_loaded_or_not()
    {
        Assert.Equal(["object", "other"], fixture.Engine.GetStatus(InferenceEngineFixture.Good).Labels!);
        Assert.Equal(["light", "other light"], fixture.Engine.GetStatus(InferenceEngineFixture.FixedBatch).Labels!);
        // A file that is no model has no label list: any names are taken for it.
        Assert.Empty(fixture.Engine.GetStatus(InferenceEngineFixture.RandomBytes).Labels!);
    }

    [Fact]
    public void OpenCvs_detectors_give_one_label_their_own_unless_configured()
    {
        Assert.Equal(["person"], ModelLabels.Of(new ModelDefinition { Format = ModelFormat.HogPeople }));
        Assert.Equal(["face"], ModelLabels.Of(new ModelDefinition { Format = ModelFormat.BlazeFace, Path = "/nowhere.tflite" }));
        Assert.Equal(["pedestrian"], ModelLabels.Of(new ModelDefinition { Format = ModelFormat.HogPeople, Labels = ["pedestrian", "ignored"] }));
    }

    [Fact]
    public void A_labels_file_gives_its_lines_and_one_that_cannot_be_read_gives_none()
    {
        var path = Path.Combine(Path.GetTempPath(), $"labels-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "person\n bicycle \n\ncar\n");
        try
        {
            Assert.Equal(["person", "bicycle", "car"], ModelLabels.Of(new ModelDefinition { Path = "/m.onnx", LabelsPath = path }));
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Empty(ModelLabels.Of(new ModelDefinition { Path = "/m.onnx", LabelsPath = path }));
    }
}
