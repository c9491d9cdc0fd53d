namespace Functional.Onnx;

/// <summary>
/// A model that ONNX cannot express: the message names the layer, its position inside the combinators (e.g.
/// <c>layers.block.2</c>) and why.
/// </summary>
public sealed class OnnxExportException : Exception
{
    /// <summary>The position of the layer inside its combinators, as in state-dict names (<c>layers.0</c>); empty at top level.</summary>
    public string Position { get; }

    /// <summary>The layer, as its <see cref="Layer.ToString"/> prints it.</summary>
    public string Layer { get; }

    /// <summary>Why the layer does not export.</summary>
    public string Reason { get; }

    /// <summary>Creates the exception for the layer <paramref name="layer"/> at <paramref name="position"/>.</summary>
    public OnnxExportException(string position, string layer, string reason)
        : base($"cannot export {(position.Length == 0 ? "the model" : "layer " + position)} {layer} to ONNX: {reason}")
        => (Position, Layer, Reason) = (position, layer, reason);
}
