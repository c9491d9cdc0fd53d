using System.Collections.Immutable;

namespace Functional;

/// <summary>PyTorch's <c>MultiStepLR</c>: the rate is multiplied by <paramref name="Gamma"/> at each milestone epoch (a repeated milestone counts each time).</summary>
/// <param name="Lr">The initial learning rate.</param>
/// <param name="Milestones">The epochs at which the rate decays.</param>
/// <param name="Gamma">The multiplicative factor.</param>
public sealed record MultiStepLR(double Lr, ImmutableArray<int> Milestones, double Gamma = 0.1) : EpochSchedule(Lr)
{
    /// <summary>The schedule with a copy of <paramref name="milestones"/>.</summary>
    public MultiStepLR(double lr, IEnumerable<int> milestones, double gamma = 0.1) : this(lr, milestones.ToImmutableArray(), gamma) { }

    /// <inheritdoc />
    protected override double Next(double lr, int epoch)
    {
        var k = Milestones.Count(m => m == epoch);
        return k == 0 ? lr : lr * Math.Pow(Gamma, k);
    }

    /// <summary>Structural equality: the same rate, milestones and factor.</summary>
    public bool Equals(MultiStepLR? other) => other is not null && Lr == other.Lr && Gamma == other.Gamma && Structural.Equal(Milestones, other.Milestones);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Lr, Gamma, Structural.Hash(Milestones));
}
