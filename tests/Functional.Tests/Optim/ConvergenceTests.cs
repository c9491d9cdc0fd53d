using Functional;

namespace Functional.Tests.Optimization;

/// <summary>As optax's alias_test: every alias minimizes a quadratic bowl and the Rosenbrock function.</summary>
public class ConvergenceTests
{
    private static Tree<double> W(params double[] v) => new PathTree<double>([("w", Tensor.FromArray(v, v.Length))]);

    private static double[] Run(GradientTransformation opt, double[] start, Func<double[], double[]> grad, int steps)
    {
        var p = W(start);
        var s = opt.Init(p);
        for (var i = 0; i < steps; i++)
        {
            var g = W(grad(p.Flatten()));
            (var u, s) = opt.Update(g, s, p);
            p = Optim.ApplyUpdates(p, u);
        }
        return p.Flatten();
    }

    private static readonly double[] Target = [1.0, -2.0, 3.0];

    public static TheoryData<string> Aliases => ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop_centered", "adam", "amsgrad", "adamw"];

    private static GradientTransformation Bowl(string name) => name switch
    {
        "sgd" => Optim.Sgd(0.1),
        "momentum" => Optim.Sgd(0.05, momentum: 0.9),
        "nesterov" => Optim.Sgd(0.05, momentum: 0.9, nesterov: true),
        "adagrad" => Optim.Adagrad(1.0),
        "rmsprop" => Optim.RmsProp(0.01),
        "rmsprop_centered" => Optim.RmsProp(0.01, centered: true, momentum: 0.5),
        "adam" => Optim.Adam(0.1),
        "amsgrad" => Optim.Adam(0.1, amsgrad: true),
        "adamw" => Optim.AdamW(0.1, weightDecay: 1e-4),
        _ => throw new ArgumentException(name),
    };

    private static GradientTransformation Rosen(string name) => name switch
    {
        "sgd" => Optim.Sgd(1e-3),
        "momentum" => Optim.Sgd(1e-4, momentum: 0.9),
        "nesterov" => Optim.Sgd(1e-4, momentum: 0.9, nesterov: true),
        "adagrad" => Optim.Adagrad(0.5),
        "rmsprop" => Optim.RmsProp(1e-3),
        "rmsprop_centered" => Optim.RmsProp(1e-3, centered: true),
        "adam" => Optim.Adam(0.05),
        "amsgrad" => Optim.Adam(0.05, amsgrad: true),
        "adamw" => Optim.AdamW(0.05, weightDecay: 1e-4),
        _ => throw new ArgumentException(name),
    };

    [Theory, MemberData(nameof(Aliases))]
    public void Minimizes_a_quadratic_bowl(string name)
    {
        var p = Run(Bowl(name), [0, 0, 0], x => x.Select((v, i) => 2 * (v - Target[i])).ToArray(), 500);
        for (var i = 0; i < 3; i++) Assert.True(Math.Abs(p[i] - Target[i]) < 1e-2, $"{name}: w[{i}] = {p[i]}, expected {Target[i]}");
    }

    [Theory, MemberData(nameof(Aliases))]
    public void Minimizes_the_Rosenbrock_function(string name)
    {
        static double[] Grad(double[] v) => [-2 * (1 - v[0]) - 400 * v[0] * (v[1] - v[0] * v[0]), 200 * (v[1] - v[0] * v[0])];
        var p = Run(Rosen(name), [-0.5, 0.5], Grad, 6000);
        Assert.True(Math.Abs(p[0] - 1) < 5e-2 && Math.Abs(p[1] - 1) < 1e-1, $"{name}: ended at ({p[0]}, {p[1]}), expected (1, 1)");
    }
}
