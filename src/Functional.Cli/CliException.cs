namespace Functional.Cli;

/// <summary>
/// A failure the user can act on: the command prints the message (no stack trace) and exits with
/// <see cref="ExitCode"/>, by default <see cref="App.UsageError"/> (bad input); a run that fails on the way (a full
/// disk, a diverging loss) uses <see cref="App.RunFailed"/>.
/// </summary>
/// <param name="message">What is wrong and, where it helps, how to fix it.</param>
/// <param name="exitCode">The process's exit code.</param>
public sealed class CliException(string message, int exitCode = App.UsageError) : Exception(message)
{
    /// <summary>The process's exit code.</summary>
    public int ExitCode { get; } = exitCode;
}

/// <summary>Where a library failure (a <see cref="LanguageExt.Fin{A}"/>) becomes the CLI's bad-input error.</summary>
public static class FinExtensions
{
    /// <summary>The value, or a <see cref="CliException"/> (exit code 2, one line) with the failure's message after <paramref name="prefix"/>.</summary>
    public static T OrCliError<T>(this LanguageExt.Fin<T> fin, string prefix = "")
        => fin.Match(value => value, error => throw new CliException(prefix + error.Message));
}
