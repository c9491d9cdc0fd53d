using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Functional;

[DebuggerDisplay("{DebuggerDisplay,nq}")]
public sealed partial class Tensor<T>
{
    /// <summary>
    /// The tensor as PyTorch prints it: <c>tensor([[1.0000, 2.5000],\n        [3.0000, 4.0000]])</c>. Follows
    /// PyTorch's rules: 4 decimals, <c>1.</c> style when every element is whole, scientific notation for wide
    /// ranges, columns aligned, lines wrapped at 80 characters, and above 1000 elements only the first and last 3
    /// entries of each dimension around <c>...</c>. Doubles carry the suffix <c>dtype=torch.float64</c>, since
    /// PyTorch's default is float32.
    /// </summary>
    public override string ToString() => TensorFormat.Format(this);

    private string DebuggerDisplay
    {
        get
        {
            var head = string.Join(", ", data.Take(6).Select(v => double.CreateTruncating(v).ToString("G6", CultureInfo.InvariantCulture)));
            return $"Tensor<{typeof(T).Name}> {Shape} [{head}{(Size > 6 ? ", ..." : "")}]";
        }
    }
}

/// <summary>PyTorch's tensor printing (torch/_tensor_str.py) with its default print options.</summary>
internal static class TensorFormat
{
    private const int Precision = 4, Threshold = 1000, EdgeItems = 3, LineWidth = 80;

    public static string Format<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const string prefix = "tensor(";
        var indent = prefix.Length;
        var suffixes = new List<string>();
        string body;
        if (x.Size == 0)
        {
            if (x.Rank != 1) suffixes.Add("size=(" + string.Join(", ", x.Shape) + ")");
            body = "[]";
        }
        else
        {
            var values = x.ToDoubleArray();
            var summarize = x.Size > Threshold;
            var shown = new List<double>();
            Collect(values, x.Shape.ToArray(), 0, 0, summarize, shown);
            var f = new Formatter(shown);
            body = x.Rank == 0 ? f.Format(values[0]) : Block(values, x.Shape.ToArray(), 0, 0, indent, summarize, f);
        }
        if (typeof(T) == typeof(double)) suffixes.Add("dtype=torch.float64");
        else if (typeof(T) != typeof(float)) suffixes.Add("dtype=" + typeof(T).Name);
        return AddSuffixes(prefix + body, suffixes, indent);
    }

    private static string AddSuffixes(string s, List<string> suffixes, int indent)
    {
        var sb = new StringBuilder(s);
        var lastLineLen = s.Length - s.LastIndexOf('\n') + 1;
        foreach (var suffix in suffixes)
        {
            if (lastLineLen + suffix.Length + 2 > LineWidth)
            {
                sb.Append(",\n").Append(' ', indent).Append(suffix);
                lastLineLen = indent + suffix.Length;
            }
            else
            {
                sb.Append(", ").Append(suffix);
                lastLineLen += suffix.Length + 2;
            }
        }
        return sb.Append(')').ToString();
    }

    /// <summary>Indices shown along a dimension of size n: all, or the first and last few when summarizing.</summary>
    private static IEnumerable<int> Shown(int n, bool summarize)
        => summarize && n > 2 * EdgeItems ? Enumerable.Range(0, EdgeItems).Concat(Enumerable.Range(n - EdgeItems, EdgeItems)) : Enumerable.Range(0, n);

    /// <summary>The values that will be printed (the formatter sizes its columns on these only, as PyTorch does).</summary>
    private static void Collect(double[] v, int[] dims, int axis, int offset, bool summarize, List<double> into)
    {
        if (axis == dims.Length) { into.Add(v[offset]); return; }
        var stride = 1;
        for (var a = axis + 1; a < dims.Length; a++) stride *= dims[a];
        foreach (var i in Shown(dims[axis], summarize)) Collect(v, dims, axis + 1, offset + i * stride, summarize, into);
    }

    private static string Block(double[] v, int[] dims, int axis, int offset, int indent, bool summarize, Formatter f)
    {
        var n = dims[axis];
        var stride = 1;
        for (var a = axis + 1; a < dims.Length; a++) stride *= dims[a];
        var cut = summarize && n > 2 * EdgeItems;
        var rest = dims.Length - axis;
        if (rest == 1)
        {
            var perLine = Math.Max(1, (LineWidth - indent) / (f.Width + 2));
            var items = new List<string>();
            foreach (var i in Shown(n, summarize))
            {
                if (cut && i == n - EdgeItems) items.Add(" ...");
                items.Add(f.Format(v[offset + i]));
            }
            var lines = items.Chunk(perLine).Select(line => string.Join(", ", line));
            return "[" + string.Join(",\n" + new string(' ', indent + 1), lines) + "]";
        }
        var slices = new List<string>();
        foreach (var i in Shown(n, summarize))
        {
            if (cut && i == n - EdgeItems) slices.Add("...");
            slices.Add(Block(v, dims, axis + 1, offset + i * stride, indent + 1, summarize, f));
        }
        return "[" + string.Join("," + new string('\n', rest - 1) + new string(' ', indent + 1), slices) + "]";
    }

    private sealed class Formatter
    {
        private readonly bool intMode = true, sciMode;
        public int Width { get; } = 1;

        public Formatter(List<double> values)
        {
            var nz = values.Where(d => double.IsFinite(d) && d != 0).ToList();
            if (nz.Count == 0) return;
            double min = nz.Min(Math.Abs), max = nz.Max(Math.Abs);
            intMode = nz.All(d => d == Math.Ceiling(d));
            sciMode = max / min > 1000.0 || max > 1.0e8 || (!intMode && min < 1.0e-4);
            foreach (var d in nz)
                Width = Math.Max(Width, sciMode ? Sci(d).Length : intMode ? Fixed(d, 0).Length + 1 : Fixed(d, Precision).Length);
        }

        public string Format(double d)
        {
            var s = sciMode ? Sci(d) : intMode ? Fixed(d, 0) + (double.IsFinite(d) ? "." : "") : Fixed(d, Precision);
            return s.PadLeft(Width);
        }
    }

    private static string? NonFinite(double d) => double.IsNaN(d) ? "nan" : double.IsPositiveInfinity(d) ? "inf" : double.IsNegativeInfinity(d) ? "-inf" : null;

    /// <summary>Python's <c>"{:.Nf}"</c>: the exact binary value rounded half to even.</summary>
    internal static string Fixed(double d, int digits)
    {
        if (NonFinite(d) is { } s) return s;
        return RoundHalfEven(d, digits, "F");
    }

    /// <summary>Python's <c>"{:.4e}"</c>: mantissa with 4 decimals, exponent with a sign and at least two digits.</summary>
    internal static string Sci(double d)
    {
        if (NonFinite(d) is { } s) return s;
        var t = RoundHalfEven(d, Precision, "E");
        var e = t.IndexOf('E');
        var exp = int.Parse(t[(e + 1)..], CultureInfo.InvariantCulture);
        return t[..e] + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// .NET rounds the exact value half away from zero; Python rounds it half to even. They differ only on exact
    /// ties, which a longer exact expansion reveals (a digit 5 followed by zeros).
    /// </summary>
    private static string RoundHalfEven(double d, int digits, string kind)
    {
        var s = d.ToString(kind + digits, CultureInfo.InvariantCulture);
        var longer = d.ToString(kind + (digits + 40), CultureInfo.InvariantCulture);
        var mant = kind == "E" ? longer[..longer.IndexOf('E')] : longer;
        var dot = mant.IndexOf('.');
        var tail = mant[(dot + 1 + digits)..];
        if (tail.Length == 0 || tail[0] != '5' || tail[1..].Any(c => c != '0')) return s;
        // An exact tie: keep the truncated digits when the last kept digit is even.
        var kept = mant[..(dot + 1 + digits)].TrimEnd('.');
        var lastDigit = kept[^1] - '0';
        if (lastDigit % 2 != 0) return s;
        return kind == "E" ? kept + longer[longer.IndexOf('E')..] : kept;
    }
}
