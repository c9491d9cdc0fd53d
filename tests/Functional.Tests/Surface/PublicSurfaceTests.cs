using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Functional.Plots;
using Functional.Testing;

namespace Functional.Tests.Surface;

/// <summary>
/// "Immutable means immutable": no public or protected member of Functional, Functional.Plots, Functional.Testing,
/// Functional.Onnx or the CLI exposes a mutable array or collection (or a read-only interface that may be a caller's array), a setter
/// other than <c>init</c>, or a writable field; and constructors copy the collections they are given.
/// </summary>
public class PublicSurfaceTests
{
    private static readonly Assembly[] Assemblies =
    [
        typeof(Tensor<>).Assembly, typeof(CurvePlot).Assembly, typeof(GradCheck).Assembly, typeof(Communicator).Assembly,
        typeof(Functional.Cli.Training.TrainConfig).Assembly, typeof(Functional.Onnx.Onnx).Assembly,
    ];

    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void NoPublicMemberExposesMutableState()
    {
        var offenders = Assemblies.SelectMany(a => a.GetExportedTypes()).SelectMany(Offences)
            .OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.True(offenders.Count == 0,
            $"{offenders.Count} public member(s) expose mutable state:\n  " + string.Join("\n  ", offenders));
    }

    [Fact]
    public void TheCheckFindsEachKindOfOffence()
    {
        var found = Offences(typeof(Offender)).ToList();
        string[] expected =
        [
            "Array", "List", "Dictionary", "HashSet", "ReadOnlyList", "Enumerable", "Memory", "Tuple", "Nested",
            "Settable", "Protected", "Field", "StaticField", "ReadonlyArray",
        ];
        foreach (var name in expected)
            Assert.Contains(found, f => f.Contains($".{nameof(Offender)}.{name} ", StringComparison.Ordinal));
        Assert.Equal(expected.Length, found.Count);
        Assert.Empty(Offences(typeof(Clean)));
    }

    [Fact]
    public void ConstructorsCopyTheCallersArrays()
    {
        var clip = new ClipByGlobalNorm(1);
        var sgd = Optim.Sgd(0.1);
        var parts = new[] { clip, sgd };
        var chain = new Chain(parts);
        var viaOptim = (Chain)Optim.Chain(parts);
        parts[0] = Optim.Adam(1e-3);
        Assert.Same(clip, chain.Parts[0]);
        Assert.Same(clip, viaOptim.Parts[0]);

        var milestones = new[] { 2, 4 };
        var schedule = new MultiStepLR(0.1, milestones);
        milestones[0] = 1;
        Assert.Equal<int>([2, 4], schedule.Milestones);

        var a = Leaf("a");
        var b = Leaf("b");
        var items = new Tree<double>[] { a, b };
        var list = new TreeList<double>(items);
        var recurrent = new RecurrentParams<double>(items);
        items[0] = b;
        Assert.Same(a, list.Items[0]);
        Assert.Same(a, recurrent.Parts[0]);

        var epochs = new[] { new EpochRecord(0, 1.0, 2.0, 0.1) };
        var history = new History(epochs);
        epochs[0] = new EpochRecord(0, 9.0, 9.0, 0.1);
        Assert.Equal<double>([1.0], history.TrainLoss);

        var layers = new Layer[] { new Linear(2, 3), new ReLU() };
        var sequential = new Sequential(layers);
        var parallel = new Parallel(Merge.Concat, layers);
        layers[1] = new Linear(3, 3);
        Assert.IsType<ReLU>(sequential.Layers[1]);
        Assert.IsType<ReLU>(parallel.Branches[1]);

        var stages = new IAugmentation[] { new HorizontalFlip() };
        var pipeline = Augment.Pipeline(stages);
        stages[0] = new GaussianNoise(1);
        Assert.IsType<HorizontalFlip>(pipeline.Stages[0]);

        var weight = new[] { 1.0, 2.0 };
        var nll = new NllLoss(weight: weight);
        var ce = new CrossEntropyLoss(weight: weight);
        weight[0] = 5;
        Assert.Equal<double>([1.0, 2.0], nll.Weight!.Value);
        Assert.Equal<double>([1.0, 2.0], ce.Weight!.Value);

        var sizes = new[] { 2, 3 };
        var unflatten = new Unflatten(1, sizes);
        sizes[0] = 6;
        Assert.Equal<int>([2, 3], unflatten.Sizes);

        var metadata = new Dictionary<string, string> { ["note"] = "before" };
        var file = new SafeTensorFile([SafeTensor.From("w", Functional.Tensor.Ones<double>(2))], metadata);
        metadata["note"] = "after";
        Assert.Equal("before", file.Metadata["note"]);

        var labels = new[] { 3, 1 };
        var images = new ImageSet(Functional.Tensor.Zeros<float>(2, 1), labels);
        labels[0] = 0;
        Assert.Equal<int>([3, 1], images.Labels);
    }

    [Fact]
    public void RecordsWithCollectionsCompareByContents()
    {
        Assert.Equal(new MultiStepLR(0.1, [2, 4]), new MultiStepLR(0.1, new[] { 2, 4 }));
        Assert.NotEqual(new MultiStepLR(0.1, [2, 4]), new MultiStepLR(0.1, [2, 5]));
        var sgd = Optim.Sgd(0.1);
        Assert.Equal(new Chain([sgd]), new Chain(new List<GradientTransformation> { sgd }));
        var leaf = Leaf("a");
        Assert.Equal(new TreeList<double>([leaf]), new TreeList<double>(new[] { leaf }));
        Assert.Equal(History.Empty.Add(new(0, 1, double.NaN, 0.1)), new History([new EpochRecord(0, 1, double.NaN, 0.1)]));
        Assert.Equal(History.Empty.Add(new(0, 1, 2, 0.1)).GetHashCode(), new History([new EpochRecord(0, 1, 2, 0.1)]).GetHashCode());
        Assert.Equal(RocCurve.Compute([0, 1, 1], [0.1, 0.8, 0.4]), RocCurve.Compute([0, 1, 1], [0.1, 0.8, 0.4]));
        Assert.Equal(PrecisionRecallCurve.Compute([0, 1, 1], [0.1, 0.8, 0.4]), PrecisionRecallCurve.Compute([0, 1, 1], [0.1, 0.8, 0.4]));
        Assert.Equal(ClassificationReport.Compute([0, 1, 1], [0, 1, 0]), ClassificationReport.Compute([0, 1, 1], [0, 1, 0]));
        Assert.Equal(Augment.Pipeline(new HorizontalFlip()), Augment.Pipeline(new HorizontalFlip()));
    }

    private static PathTree<double> Leaf(string name) => new([(name, Functional.Tensor.Ones<double>(1))]);

    /// <summary>Each offence of a public type's visible members, as "Type.Member: why".</summary>
    private static IEnumerable<string> Offences(Type type)
    {
        if (type.IsEnum || typeof(Delegate).IsAssignableFrom(type)) yield break;
        var name = Name(type);
        foreach (var p in type.GetProperties(Declared))
        {
            var get = p.GetMethod; var set = p.SetMethod;
            if (!Visible(get) && !Visible(set)) continue;
            if (Visible(get) && Mutable(p.PropertyType) is { } why)
                yield return $"{name}.{p.Name} (property {Name(p.PropertyType)}): {why}";
            if (Visible(set) && !IsInit(set!))
                yield return $"{name}.{p.Name} (property {Name(p.PropertyType)}): public setter";
        }
        foreach (var f in type.GetFields(Declared))
        {
            if (!(f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly) || f.IsLiteral) continue;
            if (!f.IsInitOnly)
                yield return $"{name}.{f.Name} (field {Name(f.FieldType)}): writable field";
            else if (Mutable(f.FieldType) is { } why)
                yield return $"{name}.{f.Name} (readonly field {Name(f.FieldType)}): {why}";
        }
    }

    private static bool Visible(MethodInfo? m) => m is { IsPublic: true } or { IsFamily: true } or { IsFamilyOrAssembly: true };

    private static bool IsInit(MethodInfo set)
        => set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));

    /// <summary>Why a value of this type can be changed by whoever reads it, or null if it cannot.</summary>
    private static string? Mutable(Type t, int depth = 0)
    {
        if (depth > 4 || t.IsGenericParameter || t.IsPointer) return null;
        if (t.IsByRef) return Mutable(t.GetElementType()!, depth + 1);
        if (t.IsArray) return "array";
        if (t.Namespace == "System.Collections.Immutable" || t == typeof(string))
            return GenericArguments(t, depth);
        if (t.IsGenericType && t.GetGenericTypeDefinition() is var g
            && (g == typeof(Memory<>) || g == typeof(Span<>) || g == typeof(ArraySegment<>)))
            return "writable view of a buffer";
        if (t.IsInterface && IsReadOnlyCollectionInterface(t))
            return "read-only interface that may be backed by the caller's array (use ImmutableArray/ImmutableList/ImmutableDictionary)";
        if (Implements(t, typeof(ICollection<>)) || typeof(IList).IsAssignableFrom(t) || typeof(IDictionary).IsAssignableFrom(t))
            return "mutable collection";
        return GenericArguments(t, depth);
    }

    private static string? GenericArguments(Type t, int depth)
        => t.IsGenericType
            ? t.GetGenericArguments().Select(a => Mutable(a, depth + 1) is { } why ? $"{Name(a)} inside: {why}" : null)
                .FirstOrDefault(w => w is not null)
            : null;

    private static bool IsReadOnlyCollectionInterface(Type t)
        => t == typeof(IEnumerable) || t == typeof(ICollection)
           || (t.IsGenericType && t.GetGenericTypeDefinition() is var g
               && (g == typeof(IEnumerable<>) || g == typeof(IReadOnlyCollection<>) || g == typeof(IReadOnlyList<>)
                   || g == typeof(IReadOnlyDictionary<,>) || g == typeof(IReadOnlySet<>)));

    private static bool Implements(Type t, Type generic)
        => (t.IsGenericType && t.GetGenericTypeDefinition() == generic)
           || t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic);

    private static string Name(Type t)
    {
        if (t.IsGenericParameter) return t.Name;
        if (t.IsArray) return Name(t.GetElementType()!) + "[]";
        var n = t.IsNested ? Name(t.DeclaringType!) + "." + t.Name : t.Name;
        if (!t.IsGenericType) return n;
        var tick = n.IndexOf('`');
        var own = t.GetGenericArguments().Skip(t.IsNested ? t.DeclaringType!.GetGenericArguments().Length : 0);
        return (tick < 0 ? n : n[..tick]) + (tick < 0 ? "" : "<" + string.Join(", ", own.Select(Name)) + ">");
    }

#pragma warning disable CA1051, CA2211, CS0649 // deliberate offenders for the self-test
    /// <summary>One of each offence, so the check is known to find them.</summary>
    public class Offender
    {
        public float[] Array => [];
        public List<int> List => [];
        public Dictionary<string, int> Dictionary => [];
        public HashSet<int> HashSet => [];
        public IReadOnlyList<int> ReadOnlyList => [];
        public IEnumerable<int> Enumerable => [];
        public Memory<float> Memory => default;
        public (int, float[]) Tuple => default;
        public System.Collections.Immutable.ImmutableArray<int[]> Nested => default;
        public int Settable { get; set; }
        protected int Protected { get; set; }
        public int Field;
        public static int StaticField;
        public readonly int[] ReadonlyArray = [];
    }

    /// <summary>What the check accepts.</summary>
    public class Clean
    {
        public const int Constant = 1;
        public static readonly string Name = "clean";
        public readonly int Readonly = 1;
        public int Init { get; init; }
        public System.Collections.Immutable.ImmutableArray<float> Values => [];
        public System.Collections.Immutable.ImmutableDictionary<string, int> Map
            => System.Collections.Immutable.ImmutableDictionary<string, int>.Empty;
        public Tensor<float> Tensor => Functional.Tensor.Zeros<float>(1);
        public ReadOnlyMemory<float> View => default;
        public float[] Method() => [];
        internal int[] Internal => [];
        private int Private { get; set; }
        public int UsesPrivate => Private;
    }
#pragma warning restore CA1051, CA2211, CS0649
}
