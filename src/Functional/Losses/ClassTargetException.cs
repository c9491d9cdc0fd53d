namespace Functional;

/// <summary>
/// A class-index loss (<see cref="NllLoss"/>, <see cref="CrossEntropyLoss"/>) was given a target that is not a class
/// index in <c>[0, classes)</c> (nor the ignore index). <see cref="Index"/> is the flat position in the target tensor;
/// for targets of shape (N) it is the sample's row.
/// </summary>
public sealed class ClassTargetException : ArgumentOutOfRangeException
{
    /// <summary>The loss that refused the target, as it prints itself.</summary>
    public string Loss { get; }

    /// <summary>The flat index of the bad value in the target tensor.</summary>
    public int Index { get; }

    /// <summary>The bad value.</summary>
    public double Value { get; }

    /// <summary>The number of classes of the loss's input.</summary>
    public int Classes { get; }

    /// <summary>What is wrong with the value, naming neither the loss nor the index: <c>target 12 is out of range for 10 classes</c>.</summary>
    public string Fault => double.IsInteger(Value)
        ? $"target {Text} is out of range for {Classes} classes"
        : $"target {Text} is not a class index";

    private string Text => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A bad target <paramref name="value"/> at flat index <paramref name="index"/> for <paramref name="loss"/>.</summary>
    public ClassTargetException(string loss, int index, double value, int classes) : base("target")
    {
        (Loss, Index, Value, Classes) = (loss, index, value, classes);
    }

    /// <summary><c>NllLoss(): target 12 at index 3 is out of range for 10 classes</c>.</summary>
    public override string Message => $"{Loss}: {Fault.Replace("target " + Text, $"target {Text} at index {Index}", StringComparison.Ordinal)}";
}
