using System.Numerics;

namespace Functional;

/// <summary>
/// What a <see cref="Tree{T}"/> record hands its leaves to, in <see cref="Tree{T}.Rebuild"/>. Each call returns the
/// leaf (or child) to build the record with: the same one when the visitor only reads (as for
/// <see cref="Tree{T}.Leaves"/>), a new one when it maps (as for <see cref="Tree{T}.Map"/>). Paths are the dotted
/// state-dict names: a child's leaves are prefixed with the child's name.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public abstract class LeafVisitor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly bool paths;
    private string prefix = "";

    private protected LeafVisitor(bool paths) => this.paths = paths;

    /// <summary>The leaf named <paramref name="name"/>; returns the tensor to build the record with.</summary>
    public Tensor<T> Leaf(string name, Tensor<T> value)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        return Visit(paths ? Join(prefix, name) : name, value);
    }

    /// <summary>An optional leaf (a bias that may be absent): null stays null and is not a leaf.</summary>
    public Tensor<T>? OptionalLeaf(string name, Tensor<T>? value) => value is null ? null : Leaf(name, value);

    /// <summary>
    /// A child tree named <paramref name="name"/>: its leaves' paths get the prefix <c>name.</c> (none when the
    /// name is empty). Returns the child to build the record with.
    /// </summary>
    public TTree Child<TTree>(string name, TTree child) where TTree : Tree<T>
    {
        ArgumentNullException.ThrowIfNull(child, name);
        var outer = prefix;
        if (paths) prefix = Join(outer, name);
        var result = child.Visit(this);
        prefix = outer;
        if (this is Collect) return child;              // reading changes nothing: keep the child, so composites need not rebuild
        return result as TTree
            ?? throw new InvalidOperationException($"{child.GetType().Name}.Rebuild returned a {result.GetType().Name}; it must return its own type");
    }

    /// <summary>Handles one leaf, given its full path (or only its own name when paths are not tracked).</summary>
    private protected abstract Tensor<T> Visit(string path, Tensor<T> value);

    /// <summary>Prefixes a child's paths: <c>Join("0", "weight")</c> is <c>0.weight</c>.</summary>
    internal static string Join(string prefix, string path) => prefix.Length == 0 ? path : path.Length == 0 ? prefix : prefix + "." + path;

    /// <summary>Reads the leaves (and their paths, if asked) into a list, changing nothing.</summary>
    internal sealed class Collect(bool paths) : LeafVisitor<T>(paths)
    {
        public List<(string Path, Tensor<T> Value)> Leaves { get; } = [];
        public List<Tensor<T>> Values { get; } = [];

        private protected override Tensor<T> Visit(string path, Tensor<T> value)
        {
            if (paths) Leaves.Add((path, value));
            else Values.Add(value);
            return value;
        }
    }

    /// <summary>Replaces every leaf by a function of it (and of its path, if the function takes one).</summary>
    internal sealed class MapLeaves(Func<string, Tensor<T>, Tensor<T>>? withPath, Func<Tensor<T>, Tensor<T>>? plain)
        : LeafVisitor<T>(withPath is not null)
    {
        private protected override Tensor<T> Visit(string path, Tensor<T> value) => withPath is not null ? withPath(path, value) : plain!(value);
    }

    /// <summary>Replaces the leaves, in order, by the given tensors.</summary>
    internal sealed class Replace(IReadOnlyList<Tensor<T>> leaves) : LeafVisitor<T>(paths: false)
    {
        private int next;

        private protected override Tensor<T> Visit(string path, Tensor<T> value)
        {
            if (next >= leaves.Count) throw new ArgumentException($"the tree has more leaves than the {leaves.Count} given");
            return leaves[next++];
        }

        public void Finish(Tree<T> tree)
        {
            if (next != leaves.Count) throw new ArgumentException($"the tree has {next} leaves, but {leaves.Count} were given ({tree.GetType().Name.Split('`')[0]})");
        }
    }
}
