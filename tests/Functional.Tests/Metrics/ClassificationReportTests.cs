using Functional;

namespace Functional.Tests.Metrics;

public class ClassificationReportTests
{
    private static readonly int[] Yt = PrecisionRecallF1Tests.Yt, Yp = PrecisionRecallF1Tests.Yp;

    [Fact]
    public void Text_matches_sklearn_with_four_digits()
    {
        // classification_report(Yt, Yp, digits=4, zero_division=0), scikit-learn 1.2.1
        const string expected = "              precision    recall  f1-score   support\n\n           0     0.6667    0.6667    0.6667         3\n           1     0.5000    0.5000    0.5000         2\n           2     0.6667    0.6667    0.6667         3\n           3     1.0000    0.5000    0.6667         2\n           5     0.0000    0.0000    0.0000         0\n\n    accuracy                         0.6000        10\n   macro avg     0.5667    0.4667    0.5000        10\nweighted avg     0.7000    0.6000    0.6333        10\n";
        Assert.Equal(expected, ClassificationReport.Compute(Yt, Yp).ToString());
    }

    [Fact]
    public void A_subset_of_labels_prints_micro_avg_as_sklearn()
    {
        const string expected = "              precision    recall  f1-score   support\n\n           0     0.6667    0.6667    0.6667         3\n           1     0.5000    0.5000    0.5000         2\n           2     0.6667    0.6667    0.6667         3\n\n   micro avg     0.6250    0.6250    0.6250         8\n   macro avg     0.6111    0.6111    0.6111         8\nweighted avg     0.6250    0.6250    0.6250         8\n";
        var r = ClassificationReport.Compute(Yt, Yp, labels: [0, 1, 2]);
        Assert.Equal(expected, r.Render());
        Assert.False(r.MicroIsAccuracy);
        Assert.Equal(8, r.Support);
    }

    [Fact]
    public void Names_and_two_digits_match_sklearn()
    {
        const string expected = "              precision    recall  f1-score   support\n\n        zero       0.67      0.67      0.67         3\n         one       0.50      0.50      0.50         2\n         two       0.67      0.67      0.67         3\n       three       1.00      0.50      0.67         2\n        five       0.00      0.00      0.00         0\n\n    accuracy                           0.60        10\n   macro avg       0.57      0.47      0.50        10\nweighted avg       0.70      0.60      0.63        10\n";
        var r = ClassificationReport.Compute(Yt, Yp, labels: [0, 1, 2, 3, 5], names: ["zero", "one", "two", "three", "five"]);
        Assert.Equal(expected, r.Render(digits: 2));
    }

    [Fact]
    public void Structured_record_holds_the_numbers_and_micro_can_be_asked_for()
    {
        var r = ClassificationReport.Compute(Yt, Yp);
        Assert.Equal(0.6, r.Accuracy, 15);
        Assert.Equal(0.6333333333333333, r.Weighted.F1, 12);
        Assert.Equal(r.Accuracy, r.Micro.F1, 15);
        Assert.Contains("   micro avg     0.6000    0.6000    0.6000        10\n", r.Render(includeMicro: true));
        Assert.Contains("names", Assert.Throws<ArgumentException>(() => ClassificationReport.Compute(Yt, Yp, names: ["a"])).Message);
    }
}
