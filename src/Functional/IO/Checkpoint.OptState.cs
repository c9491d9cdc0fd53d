using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Reflection;

namespace Functional;

public static partial class Checkpoint
{
    /// <summary>
    /// Writes an optimizer state generically: the record is walked through its primary constructor's parameters.
    /// A tree-valued property becomes tensors <c>{prefix}/{Property}/{leaf name}</c>, a number or flag becomes the
    /// metadata entry <c>{prefix}/{Property}</c>, a nested state recurses under <c>{prefix}/{Property}</c>, and a list of
    /// states under <c>{prefix}/{Property}/{i}</c>. Each state's type name is kept under <c>{prefix}</c> itself.
    /// </summary>
    /// <param name="state">The state to write.</param>
    /// <param name="prefix">The path of this state, e.g. <c>optim</c>.</param>
    /// <param name="tensors">Receives the tensors.</param>
    /// <param name="metadata">Receives the scalars.</param>
    /// <param name="names">Maps a parameter path to the name written (state-dict naming).</param>
    /// <exception cref="NotSupportedException">A property has a type this walk does not know; the message names it.</exception>
    public static void WriteOptState<T>(OptState state, string prefix, List<SafeTensor> tensors, Dictionary<string, string> metadata,
        Func<string, string>? names = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        names ??= (p => p);
        metadata[prefix] = TypeName(state.GetType());
        foreach (var (name, type) in Fields(state.GetType()))
        {
            var key = prefix + "/" + name;
            var value = state.GetType().GetProperty(name)!.GetValue(state);
            switch (value)
            {
                case null: metadata[key] = "null"; break;
                case Tree<T> tree:
                    metadata[key] = "tree";
                    foreach (var (path, leaf) in tree.Leaves()) tensors.Add(SafeTensor.From(key + "/" + names(path), leaf));
                    break;
                case OptState child: WriteOptState<T>(child, key, tensors, metadata, names); break;
                case IEnumerable<OptState> list:
                    var items = list.ToList();
                    metadata[key] = items.Count.ToString(CultureInfo.InvariantCulture);
                    for (var i = 0; i < items.Count; i++) WriteOptState<T>(items[i], $"{key}/{i}", tensors, metadata, names);
                    break;
                case IConvertible c when IsScalar(type): metadata[key] = c.ToString(CultureInfo.InvariantCulture); break;
                default: throw new NotSupportedException($"{TypeName(state.GetType())}.{name}: cannot store a value of type {type.Name} in a checkpoint");
            }
        }
    }

    /// <summary>
    /// Reads an optimizer state written by <see cref="WriteOptState{T}"/>, shaped like <paramref name="template"/>
    /// (a fresh <c>optimizer.Init(params)</c>): trees take the template's structure, scalars the file's values.
    /// </summary>
    /// <exception cref="SafeTensorsException">The file's state does not match the template (type, missing entry, tensor shape).</exception>
    public static OptState ReadOptState<T>(SafeTensorFile file, OptState template, string prefix, Func<string, string>? names = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        names ??= (p => p);
        var type = template.GetType();
        var stored = Meta(file, prefix);
        if (stored != TypeName(type))
            throw new SafeTensorsException(file.Source, $"optimizer state '{prefix}' is {stored} in the checkpoint, but the optimizer expects {TypeName(type)}");
        var fields = Fields(type);
        if (fields.Count == 0) return template;
        var args = new object?[fields.Count];
        for (var k = 0; k < fields.Count; k++)
        {
            var (name, ptype) = fields[k];
            var key = prefix + "/" + name;
            var current = type.GetProperty(name)!.GetValue(template);
            var text = Meta(file, key);
            args[k] = current switch
            {
                _ when text == "null" => current is null ? null : throw Mismatch(file, key, "null", "a value"),
                Tree<T> tree => text == "tree" ? LoadTree(file, tree, key + "/", names) : throw Mismatch(file, key, text, "a tree"),
                OptState child => ReadOptState<T>(file, child, key, names),
                IEnumerable<OptState> list => ReadList<T>(file, list.ToList(), key, text, names),
                null when ptype.IsAssignableTo(typeof(Tree<T>)) => throw Mismatch(file, key, text, "null"),
                _ when IsScalar(ptype) => ParseScalar(file, key, text, ptype),
                _ => throw new NotSupportedException($"{TypeName(type)}.{name}: cannot read a value of type {ptype.Name} from a checkpoint"),
            };
        }
        var ctor = PrimaryConstructor(type)!;
        return (OptState)ctor.Invoke(args);
    }

    private static ImmutableArray<OptState> ReadList<T>(SafeTensorFile file, List<OptState> templates, string key, string text, Func<string, string> names)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (text != templates.Count.ToString(CultureInfo.InvariantCulture)) throw Mismatch(file, key, text + " states", $"{templates.Count}");
        return [.. templates.Select((t, i) => ReadOptState<T>(file, t, $"{key}/{i}", names))];
    }

    private static object ParseScalar(SafeTensorFile file, string key, string text, Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        try { return t.IsEnum ? Enum.Parse(t, text) : Convert.ChangeType(text, t, CultureInfo.InvariantCulture); }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new SafeTensorsException(file.Source, $"metadata '{key}' = '{text}' is not a valid {t.Name}");
        }
    }

    private static bool IsScalar(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(decimal);
    }

    private static SafeTensorsException Mismatch(SafeTensorFile file, string key, string found, string expected)
        => new(file.Source, $"optimizer state '{key}' is {found} in the checkpoint, but the optimizer expects {expected}");

    private static string Meta(SafeTensorFile file, string key)
        => file.Metadata.TryGetValue(key, out var v) ? v : throw new SafeTensorsException(file.Source, $"metadata '{key}' is missing");

    /// <summary>The stored fields of a state record: its primary constructor's parameters (none for a parameterless state).</summary>
    private static List<(string Name, Type Type)> Fields(Type type)
    {
        var ctor = PrimaryConstructor(type);
        if (ctor is null) return [];
        return [.. ctor.GetParameters().Select(p => (p.Name!, p.ParameterType))];
    }

    private static ConstructorInfo? PrimaryConstructor(Type type)
        => type.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
               .Where(c => c.GetParameters().Length > 0 && c.GetParameters().All(p => type.GetProperty(p.Name!) is not null))
               .Where(c => !(c.GetParameters().Length == 1 && c.GetParameters()[0].ParameterType == type))   // the copy constructor
               .OrderByDescending(c => c.GetParameters().Length)
               .FirstOrDefault();

    private static string TypeName(Type t) => t.IsGenericType ? t.Name.Split('`')[0] : t.Name;
}
