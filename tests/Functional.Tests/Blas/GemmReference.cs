namespace Functional.Tests.Blas;

/// <summary>Random GEMM problems and the textbook triple loop they are checked against.</summary>
internal sealed record GemmCase(bool TransA, bool TransB, int M, int N, int K, int Lda, int Ldb, int Ldc,
    double Alpha, double Beta, double[] A, double[] B, double[] C)
{
    /// <summary>A problem with the given shape, row-stride padding and coefficients; entries are exact in float32, and C holds NaN when beta is zero.</summary>
    public static GemmCase Create(bool transA, bool transB, int m, int n, int k, int pad, double alpha, double beta, int seed)
    {
        var rng = new System.Random(seed);
        int rowsA = transA ? k : m, colsA = transA ? m : k, rowsB = transB ? n : k, colsB = transB ? k : n;
        int lda = colsA + pad, ldb = colsB + (pad + 1) % 3, ldc = n + pad * 2;
        double[] Fill(int len) => Enumerable.Range(0, len).Select(_ => (double)(float)(rng.NextDouble() * 2 - 1)).ToArray();
        // Tight spans: the last row is only as long as the matrix, so a kernel that reads past it throws or shows.
        var c = Fill((m - 1) * ldc + n);
        if (beta == 0) Array.Fill(c, double.NaN);
        return new GemmCase(transA, transB, m, n, k, lda, ldb, ldc, alpha, beta,
            Fill((rowsA - 1) * lda + colsA), Fill((rowsB - 1) * ldb + colsB), c);
    }

    public double OpA(int i, int p) => TransA ? A[p * Lda + i] : A[i * Lda + p];
    public double OpB(int p, int j) => TransB ? B[j * Ldb + p] : B[p * Ldb + j];

    /// <summary>The expected C, computed element by element, with a BLAS-style error bound for each entry.</summary>
    public (double[] Expected, double[] Bound) Reference(double unitRoundoff)
    {
        var expected = (double[])C.Clone();
        var bound = new double[C.Length];
        for (var i = 0; i < M; i++)
            for (var j = 0; j < N; j++)
            {
                double sum = 0, abs = 0;
                for (var p = 0; p < K; p++) { sum += OpA(i, p) * OpB(p, j); abs += Math.Abs(OpA(i, p) * OpB(p, j)); }
                var old = C[i * Ldc + j];
                expected[i * Ldc + j] = Beta == 0 ? Alpha * sum : Alpha * sum + Beta * old;
                bound[i * Ldc + j] = 4 * (K + 2) * unitRoundoff * (Math.Abs(Alpha) * abs + (Beta == 0 ? 0 : Math.Abs(Beta * old))) + 1e-300;
            }
        return (expected, bound);
    }

    /// <summary>Runs this problem in float64 on a backend and returns C.</summary>
    public double[] Run(IGemmBackend backend)
    {
        var c = (double[])C.Clone();
        Functional.Blas.GemmWith(backend, TransA, TransB, M, N, K, Alpha, A, Lda, B, Ldb, Beta, c, Ldc);
        return c;
    }

    /// <summary>Runs this problem in float32 on a backend and returns C widened to double.</summary>
    public double[] RunSingle(IGemmBackend backend)
    {
        var c = C.Select(x => (float)x).ToArray();
        Functional.Blas.GemmWith(backend, TransA, TransB, M, N, K, (float)Alpha, A.Select(x => (float)x).ToArray(), Lda,
            B.Select(x => (float)x).ToArray(), Ldb, (float)Beta, c, Ldc);
        return c.Select(x => (double)x).ToArray();
    }

    /// <summary>Entries of C outside the m×n window (row padding) must be untouched; entries inside must be within bound.</summary>
    public void Check(double[] actual, double unitRoundoff, string backend)
    {
        var (expected, bound) = Reference(unitRoundoff);
        for (var idx = 0; idx < C.Length; idx++)
        {
            int i = idx / Ldc, j = idx % Ldc;
            var inside = j < N;
            var err = Math.Abs(actual[idx] - expected[idx]);
            if (inside ? !(err <= bound[idx]) : !C[idx].Equals(actual[idx]))
                Assert.Fail($"{backend}: {this} C[{i},{j}] = {actual[idx]}, expected {expected[idx]}" +
                            (inside ? $" (bound {bound[idx]:G3})" : " (padding must be untouched)"));
        }
    }

    public override string ToString() =>
        $"Gemm(transA={TransA}, transB={TransB}, m={M}, n={N}, k={K}, lda={Lda}, ldb={Ldb}, ldc={Ldc}, alpha={Alpha}, beta={Beta})";
}
