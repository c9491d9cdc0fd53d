using System.Numerics;
using Microsoft.ML.OnnxRuntime;

namespace Functional.Cli.Onnx;

/// <summary>Runs an exported model (<see cref="Functional.Onnx.Onnx.ToBytes{T}"/>) under ONNX Runtime on one input tensor.</summary>
public sealed class OrtRunner : IDisposable
{
    private readonly InferenceSession session;

    /// <summary>Loads <paramref name="model"/> (the bytes of an .onnx file) with <paramref name="threads"/> intra-op threads (0: ONNX Runtime's default).</summary>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejects the model, e.g. an op with no kernel for the element type (ONNX Runtime's own log stays quiet; its errors come as exceptions).</exception>
    public OrtRunner(byte[] model, int threads = 1)
    {
        using var options = new SessionOptions { IntraOpNumThreads = threads, InterOpNumThreads = 1, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        session = new InferenceSession(model, options);
    }

    /// <summary>Loads the model file <paramref name="path"/>.</summary>
    public OrtRunner(string path, int threads = 1) : this(File.ReadAllBytes(path), threads) { }

    /// <summary>The output <c>output</c> for the input <c>input</c> = <paramref name="x"/>.</summary>
    public Tensor<T> Run<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var data = x.ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(data, [.. x.Shape.Select(d => (long)d)]);
        using var run = new RunOptions();
        using var outputs = session.Run(run, [Functional.Onnx.Onnx.InputName], [input], [Functional.Onnx.Onnx.OutputName]);
        var y = outputs[0];
        var shape = y.GetTensorTypeAndShape().Shape.Select(d => (int)d).ToArray();
        return Tensor.FromArray(y.GetTensorDataAsSpan<T>().ToArray(), shape);
    }

    /// <summary>Whether <paramref name="e"/> says that ONNX Runtime has no kernel for an op in the model's element type.</summary>
    public static bool IsMissingKernel(Exception e)
        => e is OnnxRuntimeException && (e.Message.Contains("NotImplemented", StringComparison.Ordinal) || e.Message.Contains("does not support double", StringComparison.Ordinal));

    /// <inheritdoc />
    public void Dispose() => session.Dispose();
}
