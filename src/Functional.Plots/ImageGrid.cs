using SkiaSharp;

namespace Functional.Plots;

/// <summary>A grid of grey-scale images, each captioned with its true label and, when given, the prediction (red when wrong).</summary>
public static class ImageGrid
{
    /// <summary>
    /// Writes the first images of <paramref name="images"/> — shaped (N, H, W), (N, 1, H, W) or (N, H·W) with a square side — as a grid.
    /// Pixel values are expected in [0, 1].
    /// </summary>
    public static void Save(string path, Tensor<float> images, IReadOnlyList<int> labels, IReadOnlyList<int>? predictions = null,
        IReadOnlyList<string>? classNames = null, int count = 20, int columns = 5, int scale = 4)
    {
        var (n, h, w) = Layout(images.Shape);
        count = Math.Min(count, n);
        if (labels.Count < count) throw new ArgumentException($"{labels.Count} labels for {count} images");
        if (predictions is not null && predictions.Count < count) throw new ArgumentException($"{predictions.Count} predictions for {count} images");
        if (columns <= 0 || scale <= 0) throw new ArgumentOutOfRangeException(nameof(columns), "columns and scale must be positive");
        string Name(int c) => classNames is not null && c >= 0 && c < classNames.Count ? classNames[c] : c.ToString();
        const int caption = 30;
        int rows = Math.Max(1, (count + columns - 1) / columns), cellW = Math.Max(w * scale, 110), cellH = h * scale + caption;
        Png.Check(columns * cellW, rows * cellH);
        using var bitmap = new SKBitmap(columns * cellW, rows * cellH);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 11);
        using var ink = new SKPaint { IsAntialias = true };
        var pixels = images.Span;
        for (var k = 0; k < count; k++)
        {
            int x0 = k % columns * cellW + (cellW - w * scale) / 2, y0 = k / columns * cellH;
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    var v = (byte)Math.Clamp((int)(pixels[k * h * w + y * w + x] * 255f), 0, 255);
                    ink.Color = new SKColor(v, v, v);
                    canvas.DrawRect(x0 + x * scale, y0 + y * scale, scale, scale, ink);
                }
            var text = predictions is null ? Name(labels[k]) : $"{Name(labels[k])} / {Name(predictions[k])}";
            ink.Color = predictions is not null && predictions[k] != labels[k] ? SKColors.Red : SKColors.Black;
            canvas.DrawText(text, k % columns * cellW + 4, y0 + h * scale + 14, font, ink);
        }
        Png.Save(path, tmp =>
        {
            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            using var file = File.Create(tmp);
            data.SaveTo(file);
        });
    }

    private static (int N, int H, int W) Layout(Shape s)
    {
        switch (s.Rank)
        {
            case 4 when s[1] == 1: return (s[0], s[2], s[3]);
            case 3: return (s[0], s[1], s[2]);
            case 2:
                var side = (int)Math.Round(Math.Sqrt(s[1]));
                if (side * side == s[1]) return (s[0], side, side);
                break;
        }
        throw new ArgumentException($"ImageGrid expects images shaped (N, H, W), (N, 1, H, W) or (N, side²), got {s}");
    }
}
