using System.CommandLine;
using System.CommandLine.Parsing;
using Functional.Cli.Models;

namespace Functional.Cli.Commands;

/// <summary>Options shared by several commands, with their validation, and the error guard every command runs in.</summary>
internal static class CommonOptions
{
    public static Option<string> ModelFn(string description) => new("--model-fn") { Description = description, Required = true };

    public static Option<string?> DataDir() => new("--data-dir")
    {
        Description = $"Directory of MNIST-format IDX files (default: Fashion-MNIST from Debian's {FashionMnist.DebianDirectory} when installed, else the cache {FashionMnist.CacheDirectory()})",
    };

    /// <summary>The model-shaping options: --model, --n-layers, --use-dropout, --dropout-p, --hidden-size.</summary>
    public sealed class ModelGroup
    {
        public Option<string> Model { get; } = new("--model")
        {
            Description = "Model: " + string.Join("; ", ModelRegistry.All.Select(f => $"{f.Name} = {f.Description}")),
            DefaultValueFactory = _ => "fc",
        };
        public Option<int> NLayers { get; } = Positive(new Option<int>("--n-layers") { Description = "Number of layers", DefaultValueFactory = _ => 5 });
        public Option<bool> UseDropout { get; } = new("--use-dropout") { Description = "Dropout instead of batch normalization" };
        public Option<double> DropoutP { get; } = new("--dropout-p") { Description = "Dropout probability, in [0, 1)", DefaultValueFactory = _ => 0.3 };
        public Option<int> HiddenSize { get; } = Positive(new Option<int>("--hidden-size") { Description = "Hidden size (rnn)", DefaultValueFactory = _ => 128 });

        public ModelGroup()
        {
            Model.AcceptOnlyFromAmong([.. ModelRegistry.Names]);
            DropoutP.Validators.Add(r =>
            {
                if (!TryValue<double>(r, out var p)) return;
                if (!(p >= 0 && p < 1)) r.AddError($"--dropout-p must lie in [0, 1), got {p}");
            });
        }

        public void AddTo(Command c) { c.Options.Add(Model); c.Options.Add(NLayers); c.Options.Add(UseDropout); c.Options.Add(DropoutP); c.Options.Add(HiddenSize); }

        public ModelOptions Read(ParseResult p)
            => new(p.GetValue(Model)!, p.GetValue(NLayers), p.GetValue(UseDropout), p.GetValue(DropoutP), p.GetValue(HiddenSize));
    }

    /// <summary>Adds a check that the value is positive.</summary>
    public static Option<T> Positive<T>(Option<T> option) where T : System.Numerics.INumber<T>
    {
        option.Validators.Add(r =>
        {
            if (!TryValue<T>(r, out var v)) return;
            if (v is not null && v <= T.Zero) r.AddError($"{option.Name} must be positive, got {v}");
        });
        return option;
    }

    /// <summary>The option's value, or false when it did not convert (the parser has reported that already).</summary>
    public static bool TryValue<T>(OptionResult r, out T? value)
    {
        try { value = r.GetValueOrDefault<T>(); return true; }
        catch (InvalidOperationException) { value = default; return false; }
    }

    /// <summary>Adds a check that the value, when given, is positive.</summary>
    public static Option<T?> PositiveOrNull<T>(Option<T?> option) where T : struct, System.Numerics.INumber<T>
    {
        option.Validators.Add(r =>
        {
            if (!TryValue<T?>(r, out var v)) return;
            if (v is { } x && x <= T.Zero) r.AddError($"{option.Name} must be positive, got {x}");
        });
        return option;
    }

    /// <summary>
    /// Runs a command body: a <see cref="CliException"/> prints <c>name: message</c> and exits with its code (2 for bad input);
    /// any other error prints its message, never a stack trace, and exits with 1.
    /// </summary>
    public static int Guard(ParseResult parsed, string name, Func<TextWriter, TextWriter, int> body)
    {
        var (output, error) = (parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error);
        try { return body(output, error); }
        catch (CliException e) { error.WriteLine($"{name}: {e.Message}"); return e.ExitCode; }
        catch (Exception e) when (e is SafeTensorsException or IdxFormatException or UnauthorizedAccessException)
        {
            error.WriteLine($"{name}: {e.Message}");
            return App.UsageError;
        }
        catch (Exception e)
        {
            error.WriteLine($"{name}: internal error: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Checks before any work that <paramref name="path"/> can be written: its directory exists (or is created) and accepts
    /// a file, and the path is not a directory.
    /// </summary>
    /// <exception cref="CliException">The path cannot be written.</exception>
    public static void CheckWritable(string path, string what)
    {
        try
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full)) throw new CliException($"{what} {path} is a directory");
            var dir = Path.GetDirectoryName(full) ?? ".";
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.probe");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            if (File.Exists(full) && new FileInfo(full).IsReadOnly) throw new CliException($"{what} {path} is read-only");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"cannot write {what} {path}: {e.Message}");
        }
    }
}
