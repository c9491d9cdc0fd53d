// The consumer program: what a new user writes after `dotnet add package Functional`. It uses nothing from the
// repository's source: the data set comes from the package's embedded resources, the library from the local feed.
using Functional;
using static Functional.Nn;

var iris = Datasets.Iris().ThrowIfFail().ToClassDataset<float>();
var parts = iris.RandomSplit([0.8, 0.2], new Rng(7));
var (train, test) = (parts[0], parts[1]);

var model = Linear(4, 16).Then(ReLU()).Then(Linear(16, 3));
var trainer = new Trainer<float>(model, new CrossEntropyLoss(), Optim.Adam(0.05));
var start = trainer.Start(model.Init<float>(Shape.Of(-1, 4), new Rng(1)), new Rng(2));
var run = trainer.Fit(start, train, null, new FitOptions(Epochs: 60, BatchSize: 16));

var predicted = model.Apply(run.Params, run.LayerState, test.Features).ArgMax(1).ToArray();
var truth = test.Targets.ToArray();
var accuracy = Enumerable.Range(0, truth.Length).Average(i => predicted[i] == truth[i] ? 1.0 : 0.0);
Console.WriteLine($"iris: {train.Count} train, {test.Count} test rows; test accuracy {accuracy:F4}");
