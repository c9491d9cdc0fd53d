using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Functional.Testing;

namespace Functional.Tests.Trees;

/// <summary>A user's composite record: a leaf, an optional leaf and a child, declared once.</summary>
internal sealed record Block<T>(Tensor<T> Scale, Tensor<T>? Shift, WeightBias<T> Proj) : Tree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    protected override Tree<T> Rebuild(LeafVisitor<T> visit)
        => new Block<T>(visit.Leaf("scale", Scale), visit.OptionalLeaf("shift", Shift), visit.Child("proj", Proj));
}

/// <summary>A broken record that rebuilds into another type: the visitor must say so.</summary>
internal sealed record Liar<T>(Tensor<T> W) : Tree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    protected override Tree<T> Rebuild(LeafVisitor<T> visit) => new WeightBias<T>(visit.Leaf("w", W));
}

internal sealed record Holder<T>(Liar<T> Inner) : Tree<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    protected override Tree<T> Rebuild(LeafVisitor<T> visit) => new Holder<T>(visit.Child("inner", Inner));
}

public class TreeTests
{
    private static Tensor<double> T(params double[] v) => Tensor.FromArray(v, v.Length);

    private static Tree<double> Model(bool shift)
        => new TreeList<double>([
            ("enc", new Block<double>(T(1, 2), shift ? T(3) : null, new WeightBias<double>(T(4, 5, 6), T(7)))),
            ("rnn", new RecurrentParams<double>([new CellParams<double>(T(8), T(9), T(10), null, "_l0")])),
            ("head", new TreeList<double>([new WeightBias<double>(T(11)), Tree.Empty<double>(), new RunningStats<double>(T(12), T(13), T(14))])),
        ]);

    [Fact]
    public void LeavesComeInDeclaredOrderUnderDottedNames()
    {
        Assert.Equal(["enc.scale", "enc.shift", "enc.proj.weight", "enc.proj.bias", "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0",
                "head.0.weight", "head.2.running_mean", "head.2.running_var", "head.2.num_batches_tracked"],
            Model(shift: true).Paths());
        Assert.DoesNotContain("enc.shift", Model(shift: false).Paths());
        Assert.Equal(Enumerable.Range(1, 14).Select(i => (double)i).Where(v => v != 3), Model(shift: false).Flatten());
    }

    [Fact]
    public void MapKeepsTheStructureAndSeesThePaths()
    {
        var tree = Model(shift: true);
        var seen = new List<string>();
        var mapped = tree.Map((path, t) => { seen.Add(path); return t * 2.0; });
        Assert.Equal(tree.Paths(), seen);
        Assert.Equal(tree.Paths(), mapped.Paths());
        Assert.IsType<Block<double>>(((TreeList<double>)mapped)["enc"]);
        Assert.Equal(tree.Flatten().Select(v => 2 * v), mapped.Flatten());
        Assert.Null(((Block<double>)((TreeList<double>)Model(shift: false).Map(t => t + 1.0))["enc"]).Shift);
    }

    [Fact]
    public void WithLeavesIsTheInverseOfTheLeaves()
    {
        var tree = Model(shift: true);
        var values = tree.Leaves().Select(l => l.Value * -1.0).ToArray();
        var rebuilt = tree.WithLeaves(values);
        Assert.Equal(tree.Paths(), rebuilt.Paths());
        Assert.Equal(tree.Flatten().Select(v => -v), rebuilt.Flatten());
        Assert.Throws<ArgumentException>(() => tree.WithLeaves(values[1..]));
        Assert.Throws<ArgumentException>(() => tree.WithLeaves([.. values, T(0)]));
    }

    [Fact]
    public void ZipAndDotMatchLeavesByPathAndShape()
    {
        var a = Model(shift: true);
        var b = a.Map(t => t + 1.0);
        Assert.Equal(a.Flatten().Zip(b.Flatten(), (x, y) => x * y), a.Zip(b, (x, y) => x * y).Flatten());
        Assert.Equal(a.Flatten().Zip(b.Flatten(), (x, y) => x * y).Sum(), a.Dot(b), 12);
        Assert.Contains("'enc.shift' against 'enc.proj.weight'", Assert.Throws<ArgumentException>(() => a.Zip(Model(shift: false), (x, _) => x)).Message);
        Assert.Contains("tree structures differ", Assert.Throws<ArgumentException>(() => a.Dot(Model(shift: false))).Message);
        var one = new TreeList<double>([new WeightBias<double>(T(1))]);
        var two = new TreeList<double>([new WeightBias<double>(T(1)), new WeightBias<double>(T(2))]);
        Assert.Contains("'1.weight' has no counterpart", Assert.Throws<ArgumentException>(() => one.Add(two)).Message);
        Assert.Contains("'1.weight' has no counterpart", Assert.Throws<ArgumentException>(() => two.Dot(one)).Message);
        var renamed = new TreeList<double>([new WeightBias<double>(T(1))]);
        Assert.Contains("'0.weight' against 'x'", Assert.Throws<ArgumentException>(() => renamed.Add(new PathTree<double>([("x", T(1))]))).Message);
        Assert.Contains("shapes", Assert.Throws<ArgumentException>(() => renamed.Add(new TreeList<double>([new WeightBias<double>(T(1, 2))]))).Message);
    }

    [Property(MaxTest = 50)]
    public Property UnflattenInvertsFlatten()
        => Prop.ForAll(Arb.From(Gens.Rng()), seed =>
        {
            var init = Nn.Sequential(("a", Nn.Linear(3, 4)), ("b", Nn.BatchNorm1d(4)), ("c", Nn.Linear(4, 2, bias: false))).Init<double>(Shape.Of(-1, 3), seed);
            var flat = init.Params.Flatten();
            var back = init.Params.Unflatten(flat);
            Assert.Equal(init.Params.Paths(), back.Paths());
            Assert.Equal(flat, back.Flatten());
            Assert.Equal(flat.Length, init.Params.Count());
        });

    [Fact]
    public void AChildThatRebuildsIntoAnotherTypeIsAClearError()
        => Assert.Contains("Liar", Assert.Throws<InvalidOperationException>(() => new Holder<double>(new Liar<double>(T(1))).Map(t => t)).Message);

    [Fact]
    public void ListTreesCopyWhatTheyAreGiven()
    {
        var items = new Tree<double>[] { new WeightBias<double>(T(1)) };
        var list = new TreeList<double>(items);
        var parts = new RecurrentParams<double>(items);
        var entries = new[] { ("w", T(1)) };
        var path = new PathTree<double>(entries);
        items[0] = Tree.Empty<double>();
        entries[0] = ("v", T(2));
        Assert.Equal(["0.weight"], list.Paths());
        Assert.Equal(["weight"], parts.Paths());
        Assert.Equal(["w"], path.Paths());
    }

    [Fact]
    public void TreeListNamesMustBeDistinctAndAreLookedUp()
    {
        Assert.Throws<ArgumentException>(() => new TreeList<double>([("a", Tree.Empty<double>()), ("a", Tree.Empty<double>())]));
        var list = new TreeList<double>([("a", new WeightBias<double>(T(1)))]);
        Assert.IsType<WeightBias<double>>(list["a"]);
        Assert.Contains("'b'", Assert.Throws<KeyNotFoundException>(() => list["b"]).Message);
    }
}
