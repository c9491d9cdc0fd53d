using Functional.Plots;
using SkiaSharp;

namespace Functional.Tests.Plots;

public sealed class PlotTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("functional-plots-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static (int Width, int Height) Decode(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        return (bitmap.Width, bitmap.Height);
    }

    [Fact]
    public void Loss_history_is_a_png_of_the_requested_size()
    {
        var h = History.Empty;
        for (var e = 0; e < 5; e++) h = h.Add(new EpochRecord(e, 1.0 / (e + 1), 1.5 / (e + 1), 1e-3));
        var path = Path.Combine(dir, "curve.png");
        CurvePlot.Save(path, h, width: 640, height: 400);
        Assert.Equal((640, 400), Decode(path));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp.png"));
    }

    [Fact]
    public void Roc_curve_is_a_png_of_the_requested_size()
    {
        var path = Path.Combine(dir, "roc.png");
        RocPlot.Save(path, [0, 0.2, 1], [0, 0.7, 1], 0.75, width: 500, height: 500);
        Assert.Equal((500, 500), Decode(path));
    }

    [Fact]
    public void Confusion_heat_map_is_a_png_of_the_requested_size()
    {
        var path = Path.Combine(dir, "cm.png");
        ConfusionPlot.Save(path, new[,] { { 5, 1 }, { 2, 7 } }, ["neg", "pos"], width: 400, height: 300);
        Assert.Equal((400, 300), Decode(path));
    }

    [Fact]
    public void Confusion_heat_map_rejects_a_non_square_matrix()
        => Assert.Throws<ArgumentException>(() => ConfusionPlot.Save(Path.Combine(dir, "x.png"), new int[2, 3]));

    [Fact]
    public void Image_grid_has_one_cell_per_image()
    {
        var path = Path.Combine(dir, "grid.png");
        var images = Tensor.Rand<float>(new Rng(3), 6, 1, 28, 28);
        ImageGrid.Save(path, images, [0, 1, 2, 3, 4, 5], [0, 1, 2, 0, 4, 5], count: 6, columns: 3, scale: 4);
        // Cells are max(28·4, 110) = 112 wide and 28·4 + 30 = 142 high.
        Assert.Equal((3 * 112, 2 * 142), Decode(path));
    }

    [Fact]
    public void Image_grid_rejects_non_image_shapes()
        => Assert.Throws<ArgumentException>(() => ImageGrid.Save(Path.Combine(dir, "x.png"), Tensor.Zeros<float>(2, 3, 5, 5), [0, 1]));
}
