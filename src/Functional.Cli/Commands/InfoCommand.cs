using System.CommandLine;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Functional.Cli.Commands;

/// <summary><c>functional info</c>: the GEMM backend (with the auto backend's per-shape choices), processors, SIMD acceleration and .NET version.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Show the compute backend and machine facts");
        command.SetAction(parsed =>
        {
            var o = parsed.InvocationConfiguration.Output;
            o.WriteLine(Blas.Describe());
            o.WriteLine($"blas backend: {Blas.Backend}");
            o.WriteLine($"blas threads: {Blas.Threads}");
            // The per-shape choices of the auto backend made so far on this machine (the plan file), one per line.
            foreach (var choice in Blas.PlanChoices) o.WriteLine($"blas plan: {choice}");
            o.WriteLine($"simd: {Blas.Simd}");
            o.WriteLine($"processors: {Environment.ProcessorCount}");
            o.WriteLine($"vector512: {(Vector512.IsHardwareAccelerated ? "accelerated" : "not accelerated")}");
            o.WriteLine($"vector256: {(Vector256.IsHardwareAccelerated ? "accelerated" : "not accelerated")}");
            o.WriteLine($".net: {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})");
            return 0;
        });
        return command;
    }
}
