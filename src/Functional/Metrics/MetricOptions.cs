namespace Functional;

/// <summary>How per-class scores are combined into one number (scikit-learn's <c>average</c>).</summary>
public enum MetricAverage
{
    /// <summary>The positive class (label 1) only: scikit-learn's <c>average="binary"</c>.</summary>
    Binary,
    /// <summary>The unweighted mean over classes.</summary>
    Macro,
    /// <summary>Counts pooled over all classes before dividing.</summary>
    Micro,
    /// <summary>The mean over classes weighted by support (the number of true samples of each class).</summary>
    Weighted,
}

/// <summary>
/// What a ratio whose denominator is zero is worth (scikit-learn's <c>zero_division</c>): precision with no
/// predicted sample, recall with no true sample.
/// </summary>
public enum ZeroDivision
{
    /// <summary>0, scikit-learn's default <c>"warn"</c> without the warning.</summary>
    Zero,
    /// <summary>1.</summary>
    One,
    /// <summary>NaN, which then propagates into F-scores and averages (a library-defined policy; scikit-learn 1.2 has no NaN option).</summary>
    NaN,
}

/// <summary>Extensions on <see cref="ZeroDivision"/>.</summary>
public static class ZeroDivisionExtensions
{
    /// <summary>The value a ratio takes when its denominator is zero.</summary>
    public static double Value(this ZeroDivision policy) => policy switch
    {
        ZeroDivision.One => 1.0,
        ZeroDivision.NaN => double.NaN,
        _ => 0.0,
    };
}
