return Functional.Cli.App.Run(args, Console.Out, Console.Error);
