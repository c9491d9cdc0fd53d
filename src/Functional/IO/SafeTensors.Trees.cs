using System.Numerics;
using LanguageExt;
using LanguageExt.Common;

namespace Functional;

public static partial class SafeTensors
{
    /// <summary>
    /// Saves parameters (and optional state, e.g. batch-norm running statistics) under their dotted
    /// state-dict names, as PyTorch's <c>state_dict()</c> lays them out: <c>F32</c> for float trees, <c>F64</c> for double.
    /// </summary>
    /// <example><code>SafeTensors.SaveTree("mlp.safetensors", trained.Params, trained.State);</code></example>
    /// <exception cref="ArgumentException">A parameter and a state leaf share a name.</exception>
    /// <exception cref="SafeTensorsException">The file cannot be written.</exception>
    public static void SaveTree<T>(string path, Tree<T> parameters, Tree<T>? state = null, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var leaves = parameters.Leaves().Concat(state?.Leaves() ?? []).Select(l => SafeTensor.From(l.Path, l.Value));
        Write(path, new SafeTensorFile(leaves, metadata, path));
    }

    /// <summary>
    /// Loads parameters shaped like <paramref name="parametersLike"/> (and state shaped like <paramref name="stateLike"/>,
    /// when given; otherwise the returned state is empty) by state-dict name, converting dtypes to <typeparamref name="T"/>.
    /// A missing name or a wrong shape is a failure naming the file, the tensor and both shapes. Tensors in the file that
    /// the trees do not name are ignored.
    /// </summary>
    /// <example><code>
    /// var init = net.Init&lt;float&gt;(Shape.Of(-1, 784), new Rng(0));
    /// var (p, s) = SafeTensors.LoadTree("mlp.safetensors", init.Params, init.State).ThrowIfFail();
    /// </code></example>
    public static Fin<(Tree<T> Params, Tree<T> State)> LoadTree<T>(string path, Tree<T> parametersLike, Tree<T>? stateLike = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        => Read(path).Bind(file =>
        {
            try
            {
                var tensors = file.Tensors<T>();
                var p = parametersLike.Load(tensors);
                var s = stateLike is null ? Tree.Empty<T>() : stateLike.Load(tensors);
                return Fin<(Tree<T>, Tree<T>)>.Succ((p, s));
            }
            catch (Exception e) when (e is KeyNotFoundException or ArgumentException)
            {
                return Error.New(new SafeTensorsException(path, e.Message, e));
            }
        });
}
