// The command-line options of the example apps, shared by every app through `#:include Shared/Options.cs`:
// `--name value` pairs and `--flag` switches, read from the app's `args`.
using System.Globalization;

/// <summary>The options given to an example app: <c>--name value</c> pairs and <c>--flag</c> switches.</summary>
/// <param name="Args">The app's command-line arguments.</param>
sealed record Options(IReadOnlyList<string> Args)
{
    /// <summary>The integer after <paramref name="name"/>, or <paramref name="fallback"/> when it is absent.</summary>
    public int Int(string name, int fallback) => Value(name) is { } v ? Parse(name, v, int.Parse) : fallback;

    /// <summary>The number after <paramref name="name"/> (invariant culture), or <paramref name="fallback"/>.</summary>
    public double Double(string name, double fallback) => Value(name) is { } v ? Parse(name, v, double.Parse) : fallback;

    /// <summary>The text after <paramref name="name"/>, or null when it is absent.</summary>
    public string? String(string name) => Value(name);

    /// <summary>True when the switch <paramref name="name"/> is given.</summary>
    public bool Flag(string name) => Args.Contains(name);

    string? Value(string name)
    {
        var i = Args.ToList().IndexOf(name);
        if (i < 0) return null;
        return i + 1 < Args.Count ? Args[i + 1] : throw new ArgumentException($"option {name} needs a value");
    }

    static T Parse<T>(string name, string value, Func<string, IFormatProvider, T> parse)
    {
        try { return parse(value, CultureInfo.InvariantCulture); }
        catch (FormatException) { throw new ArgumentException($"option {name}: '{value}' is not a {typeof(T).Name}"); }
    }
}
