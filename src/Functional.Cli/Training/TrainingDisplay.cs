using Spectre.Console;

namespace Functional.Cli.Training;

/// <summary>Where a training run reports: lines of text, and per-epoch progress.</summary>
public abstract class TrainingDisplay
{
    /// <summary>Runs <paramref name="body"/> with the display live.</summary>
    public virtual void Run(Action body) => body();

    /// <summary>Writes a line of text.</summary>
    public abstract void Line(string text);

    /// <summary>An epoch of <paramref name="batches"/> batches begins.</summary>
    public virtual void EpochStart(int epoch, int epochs, int batches) { }

    /// <summary>A batch has been trained on.</summary>
    public virtual void Batch() { }

    /// <summary>The current epoch has ended.</summary>
    public virtual void EpochEnd() { }

    /// <summary>A Spectre.Console progress bar when <paramref name="output"/> is the console and a terminal, plain lines otherwise.</summary>
    public static TrainingDisplay For(TextWriter output, bool bars)
        => bars && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive
            ? new Bars() : new Plain(output);

    private sealed class Plain(TextWriter output) : TrainingDisplay
    {
        public override void Line(string text) => output.WriteLine(text);
    }

    /// <summary>One progress bar per epoch with batches per second and the time remaining.</summary>
    private sealed class Bars : TrainingDisplay
    {
        private ProgressContext? context;
        private ProgressTask? task;
        private string label = "";

        public override void Run(Action body)
            => AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new ElapsedTimeColumn())
                .Start(ctx => { context = ctx; body(); });

        public override void Line(string text) => AnsiConsole.WriteLine(text);

        public override void EpochStart(int epoch, int epochs, int batches)
        {
            label = $"Epoch {epoch}/{epochs}";
            task = context?.AddTask(label, maxValue: batches);
        }

        public override void Batch()
        {
            if (task is null) return;
            task.Increment(1);
            if (task.Speed is { } speed) task.Description = $"{label} {speed,7:F1} batch/s";
        }

        public override void EpochEnd() => task?.StopTask();
    }
}
