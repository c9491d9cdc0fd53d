namespace Functional.Conformance;

/// <summary>
/// Runs the reference cases of a directory (<c>manifest.json</c> plus one safetensors file per case), dispatching each
/// case on its kind to an <see cref="ICaseHandler"/>. A case never stops the run: an unknown kind or an
/// <see cref="UnsupportedSpecException"/> is UNSUPPORTED; an unreadable file or any other exception is a FAIL.
/// </summary>
/// <example><code>
/// var manifest = Manifest.Read("tests/data/golden");
/// foreach (var r in ConformanceRunner.Run(manifest)) Console.WriteLine(r);
/// </code></example>
public static class ConformanceRunner
{
    /// <summary>Runs every case of <paramref name="manifest"/>, lazily, in manifest order.</summary>
    /// <param name="manifest">The cases.</param>
    /// <param name="handlers">The handlers to use; <see cref="CaseHandlers.All"/> when null.</param>
    public static IEnumerable<CaseResult> Run(Manifest manifest, IEnumerable<ICaseHandler>? handlers = null)
    {
        var byKind = (handlers ?? CaseHandlers.All).ToDictionary(h => h.Kind, StringComparer.Ordinal);
        foreach (var c in manifest.Cases) yield return RunCase(manifest.Directory, c, byKind);
    }

    /// <summary>Runs one case whose file lies in <paramref name="directory"/>.</summary>
    public static CaseResult RunCase(string directory, ConformanceCase c, IReadOnlyDictionary<string, ICaseHandler> handlers)
    {
        if (!handlers.TryGetValue(c.Kind, out var handler)) return CaseResult.Unsupported(c.Name, $"kind '{c.Kind}' has no handler");
        var read = SafeTensors.Read(Path.Combine(directory, c.File));
        if (read.IsFail) return CaseResult.Fail(c.Name, read.Match(_ => "", e => e.Message));
        try { return handler.Run(c, read.Match(f => f, _ => throw new InvalidOperationException())); }
        catch (UnsupportedSpecException e) { return CaseResult.Unsupported(c.Name, e.Message); }
        catch (Exception e) { return CaseResult.Fail(c.Name, $"{e.GetType().Name}: {e.Message}"); }
    }

    /// <summary>Counts the verdicts.</summary>
    public static ConformanceSummary Summarize(IEnumerable<CaseResult> results)
    {
        var list = results.ToList();
        return new(list.Count(r => r.Verdict == Verdict.Pass), list.Count(r => r.Verdict == Verdict.Fail), list.Count(r => r.Verdict == Verdict.Unsupported));
    }
}

/// <summary>The counts of a conformance run.</summary>
/// <param name="Passed">Cases that passed.</param>
/// <param name="Failed">Cases that failed.</param>
/// <param name="Unsupported">Cases not supported yet.</param>
public sealed record ConformanceSummary(int Passed, int Failed, int Unsupported)
{
    /// <summary><c>conformance: P passed, F failed, U unsupported</c>.</summary>
    public override string ToString() => $"conformance: {Passed} passed, {Failed} failed, {Unsupported} unsupported";
}
