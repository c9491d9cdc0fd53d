using System.Diagnostics;

namespace Functional.Benchmarks;

/// <summary>Fair timing: contenders run alternately in one process, after warm-up; medians are compared.</summary>
static class Timing
{
    /// <summary>
    /// Runs each action <paramref name="warmup"/> times, then <paramref name="reps"/> rounds in turn; returns the median
    /// and the best (minimum) seconds of each. On a shared machine the best is the less disturbed figure.
    /// </summary>
    public static (double Median, double Best)[] Medians(int warmup, int reps, params Action[] contenders)
    {
        foreach (var c in contenders) for (var i = 0; i < warmup; i++) c();
        var times = contenders.Select(_ => new double[reps]).ToArray();
        for (var r = 0; r < reps; r++)
            for (var i = 0; i < contenders.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                contenders[i]();
                times[i][r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
            }
        return times.Select(t => (Median(t), t.Min())).ToArray();
    }

    static double Median(double[] xs)
    {
        var s = xs.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    /// <summary>Reads <c>--name value</c> from the options, or the default.</summary>
    public static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }

    /// <summary>Reads <c>--name value</c> (a word) from the options, or the default.</summary>
    public static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
