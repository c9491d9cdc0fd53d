namespace Functional;

/// <summary>Spec builders for <c>Dropout</c>, <c>BatchNorm1d</c> and <c>BatchNorm2d</c>.</summary>
internal static class RegularizationSpecs
{
    // inplace changes nothing in a pure function, so it is accepted and ignored.
    [LayerSpec("Dropout")]
    private static Layer Dropout(SpecArgs a) { a.Bool("inplace", false); return new Dropout(a.Double("p", 0.5)); }

    [LayerSpec("BatchNorm1d")]
    private static Layer BatchNorm1d(SpecArgs a)
        => new BatchNorm1d(a.Int("num_features"), a.Double("eps", 1e-5), Momentum(a), a.Bool("affine", true), a.Bool("track_running_stats", true));

    [LayerSpec("BatchNorm2d")]
    private static Layer BatchNorm2d(SpecArgs a)
        => new BatchNorm2d(a.Int("num_features"), a.Double("eps", 1e-5), Momentum(a), a.Bool("affine", true), a.Bool("track_running_stats", true));

    /// <summary>PyTorch's momentum: 0.1 by default, and an explicit null for a cumulative moving average.</summary>
    private static double? Momentum(SpecArgs a) => a.NullableDouble("momentum", 0.1);
}
