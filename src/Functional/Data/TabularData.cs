using System.Collections.Immutable;
using System.Numerics;

namespace Functional;

/// <summary>
/// A loaded table with its names: the features (n, p), the targets (n, 1) and what the columns and classes are
/// called. Values stay in double; <see cref="ToDataset{T}"/> converts to the training precision.
/// </summary>
/// <param name="Name">A short name, e.g. <c>boston_house_prices</c>.</param>
/// <param name="Features">The inputs, (n, p).</param>
/// <param name="Targets">The target column, (n, 1), as the book's <c>data[:, -1:]</c>: a value for regression, a class index (0, 1, ...) for classification.</param>
/// <param name="FeatureNames">The p column names, in order.</param>
/// <param name="TargetName">The name of the target.</param>
/// <param name="ClassNames">For classification, the name of class k at index k; empty for regression.</param>
public sealed record TabularData(
    string Name,
    Tensor<double> Features,
    Tensor<double> Targets,
    ImmutableArray<string> FeatureNames,
    string TargetName,
    ImmutableArray<string> ClassNames)
{
    /// <summary>A table with copies of <paramref name="featureNames"/> and <paramref name="classNames"/>.</summary>
    public TabularData(string name, Tensor<double> features, Tensor<double> targets, IEnumerable<string> featureNames, string targetName,
        IEnumerable<string> classNames)
        : this(name, features, targets, featureNames.ToImmutableArray(), targetName, classNames.ToImmutableArray()) { }

    /// <summary>The number of samples.</summary>
    public int Count => Features.Shape[0];

    /// <summary>Features and targets as a <see cref="Dataset{T}"/> of <typeparamref name="T"/>.</summary>
    public Dataset<T> ToDataset<T>() where T : unmanaged, IFloatingPointIeee754<T>
        => new(Features.Cast<T>(), Targets.Cast<T>());

    /// <summary>
    /// Features and class indices as a <see cref="Dataset{T}"/> of <typeparamref name="T"/>: targets of shape (n), the
    /// shape <see cref="CrossEntropyLoss"/> and <see cref="NllLoss"/> take (PyTorch's <c>data[:, -1]</c>), where
    /// <see cref="ToDataset{T}"/> keeps (n, 1) for regression and <see cref="BceLoss"/>.
    /// </summary>
    /// <example><code>var iris = Datasets.Iris().ThrowIfFail().ToClassDataset&lt;float&gt;();</code></example>
    /// <exception cref="InvalidOperationException">The table is not a classification set (it names no classes).</exception>
    public Dataset<T> ToClassDataset<T>() where T : unmanaged, IFloatingPointIeee754<T>
        => ClassNames.Length > 0
            ? new(Features.Cast<T>(), Targets.Cast<T>().Reshape(Count))
            : throw new InvalidOperationException($"{Name} is a regression set (it names no classes); use ToDataset for its (n, 1) targets");

    /// <summary>
    /// The same data keeping only the named feature columns, in the order given
    /// (the book's <c>df[["INDUS", "RM", "LSTAT", "NOX", "DIS"]]</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A name is not one of <see cref="FeatureNames"/>; the message lists them.</exception>
    public TabularData SelectFeatures(params string[] names)
    {
        var idx = names.Select(n =>
        {
            for (var j = 0; j < FeatureNames.Length; j++)
                if (FeatureNames[j] == n) return j;
            throw new ArgumentException($"{Name} has no feature '{n}'; its features are: {string.Join(", ", FeatureNames)}");
        }).ToArray();
        return SelectFeatures(idx);
    }

    /// <summary>The same data keeping only feature columns <paramref name="columns"/> (0-based), in that order.</summary>
    public TabularData SelectFeatures(IReadOnlyList<int> columns)
    {
        var p = Features.Shape[1];
        var src = Features.Span;
        var r = new double[Count * columns.Count];
        for (var i = 0; i < Count; i++)
            for (var j = 0; j < columns.Count; j++)
            {
                if (columns[j] < 0 || columns[j] >= p) throw new ArgumentOutOfRangeException(nameof(columns), $"{Name} has {p} features, column {columns[j]} does not exist");
                r[i * columns.Count + j] = src[i * p + columns[j]];
            }
        return this with
        {
            Features = new Tensor<double>(new Shape(Count, columns.Count), r),
            FeatureNames = [.. columns.Select(c => FeatureNames[c])],
        };
    }

    /// <summary>Formats as <c>boston_house_prices: 506 × 13 → MEDV</c>.</summary>
    public override string ToString()
        => $"{Name}: {Count} × {Features.Shape[1]} → {TargetName}" + (ClassNames.Length > 0 ? $" ({string.Join(", ", ClassNames)})" : "");
}
