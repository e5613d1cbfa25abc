namespace Orleans.Video.Media.Tests;

public sealed class FfmpegInstallationTests
{
    [Theory]
    [InlineData("ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021 the FFmpeg developers", true)]
    [InlineData("ffmpeg version n4.3.1 Copyright (c) 2000-2020 the FFmpeg developers", true)]
    [InlineData("ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024 the FFmpeg developers", false)]
    [InlineData("ffmpeg version 6.1.1-3ubuntu5 Copyright (c) 2000-2023 the FFmpeg developers", false)]
    [InlineData("ffmpeg version N-113123-g3b8e3a7 Copyright (c) 2000-2024 the FFmpeg developers", false)]
    public void An_ffmpeg_older_than_5_is_refused_with_its_version(string line, bool refused)
    {
        var reason = FfmpegInstallation.TooOld(line);
        Assert.Equal(refused, reason is not null);
        if (refused)
        {
            Assert.StartsWith(line.Split(" Copyright")[0] + " is too old", reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_ffmpeg_here_is_new_enough()
    {
        Assert.StartsWith("ffmpeg version", await FfmpegInstallation.VerifyAsync(), StringComparison.Ordinal);
    }
}
