using System.CommandLine;
using Functional.Cli.Commands;

namespace Functional.Cli;

/// <summary>
/// The <c>functional</c> command. Each subcommand lives in its own file under <c>Commands/</c> and is added to
/// <see cref="Commands"/> by one line.
/// </summary>
public static class App
{
    /// <summary>Exit code for bad usage: a parse error, a missing directory.</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for a run that started and then failed: a checkpoint that cannot be written, a training fault.</summary>
    public const int RunFailed = 1;

    /// <summary>The subcommands.</summary>
    private static IEnumerable<Command> Commands()
    {
        yield return ConformanceCommand.Create();
        yield return InfoCommand.Create();
        yield return TrainCommand.Create();
        yield return PredictCommand.Create();
        yield return EvaluateCommand.Create();
        yield return SummaryCommand.Create();
        yield return ExportCommand.Create();
    }

    /// <summary>
    /// The root command with every subcommand. It is a plain command named <c>functional</c> (a
    /// <see cref="RootCommand"/> would take its name from the assembly, Functional.Cli) with help and version options.
    /// </summary>
    public static Command Root()
    {
        var root = new Command("functional", "Functional: deep learning for C# in the functional style.")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
        };
        foreach (var c in Commands()) root.Subcommands.Add(c);
        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the command, writing to the given writers; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var parsed = Root().Parse(args);
        var config = new InvocationConfiguration { Output = output, Error = error };
        if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
        {
            foreach (var e in parsed.Errors) error.WriteLine(e.Message);
            error.WriteLine("Run 'functional --help' for usage.");
            return UsageError;
        }
        return parsed.Invoke(config);
    }
}
