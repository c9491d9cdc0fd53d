namespace Functional.Cli;

/// <summary>Bad input the user can fix: the command prints the message (no stack trace) and exits with <see cref="App.UsageError"/>.</summary>
/// <param name="message">What is wrong and, where it helps, how to fix it.</param>
public sealed class CliException(string message) : Exception(message);
