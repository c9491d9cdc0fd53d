namespace Functional.Cli;

/// <summary>Bad input the user can fix: the command prints the message (no stack trace) and exits with <see cref="App.UsageError"/>.</summary>
/// <param name="message">What is wrong and, where it helps, how to fix it.</param>
public sealed class CliException(string message) : Exception(message);

/// <summary>Where a library failure (a <see cref="LanguageExt.Fin{A}"/>) becomes the CLI's bad-input error.</summary>
public static class FinExtensions
{
    /// <summary>The value, or a <see cref="CliException"/> (exit code 2, one line) with the failure's message after <paramref name="prefix"/>.</summary>
    public static T OrCliError<T>(this LanguageExt.Fin<T> fin, string prefix = "")
        => fin.Match(value => value, error => throw new CliException(prefix + error.Message));
}
