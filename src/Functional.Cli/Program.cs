Console.WriteLine("functional");
