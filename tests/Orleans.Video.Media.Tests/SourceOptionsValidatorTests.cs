using Orleans.Video.Sources;
namespace Orleans.Video.Media.Tests;

public sealed class SourceOptionsValidatorTests
{
    [Fact]
    public void Folders_pass_and_no_folder_at_all_passes()
    {
        var validator = new SourceOptionsValidator();
        Assert.True(validator.Validate(null, new SourceOptions { MediaRoots = ["/srv/media", "clips"] }).Succeeded);
        Assert.True(validator.Validate(null, new SourceOptions()).Succeeded);
    }

    [Fact]
    public void An_empty_media_root_is_refused_naming_its_key_instead_of_being_ignored()
    {
        var result = new SourceOptionsValidator().Validate(null, new SourceOptions { MediaRoots = ["/srv/media", " "] });

        Assert.True(result.Failed);
        Assert.Equal(["Sources:MediaRoots:1 is empty; give a folder or leave the entry out"], result.Failures);
    }
}
