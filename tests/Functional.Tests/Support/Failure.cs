using LanguageExt;

namespace Functional.Tests.Support;

/// <summary>Assertions on a <see cref="Fin{A}"/> that should have failed.</summary>
public static class Failure
{
    /// <summary>The exception behind <paramref name="fin"/>'s error, asserted to be a <typeparamref name="TException"/>; fails the test when <paramref name="fin"/> holds a value.</summary>
    public static TException Of<TException>(Fin<object> fin) where TException : Exception
        => Assert.IsType<TException>(fin.Match(v => throw new Xunit.Sdk.XunitException($"expected a failure, got {v}"), e => e.ToException()));

    /// <summary><see cref="Of{TException}(Fin{object})"/> for any value type.</summary>
    public static TException Of<TException, T>(Fin<T> fin) where TException : Exception
        => Of<TException>(fin.Map(v => (object)v!));
}
