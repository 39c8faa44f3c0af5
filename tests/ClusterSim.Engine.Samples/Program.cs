using ClusterSim.Engine.Samples;

// dotnet run --project tests/ClusterSim.Engine.Samples -- MachineShop [seed]
var samples = new Dictionary<string, Action<TextWriter, ulong>>(StringComparer.OrdinalIgnoreCase)
{
    ["MachineShop"] = (w, s) => MachineShop.Run(s, w),
    ["BankRenege"] = (w, s) => BankRenege.Run(s, w),
    ["GasStationRefuelling"] = (w, s) => GasStationRefuelling.Run(s, w),
    ["CarWash"] = (w, s) => CarWash.Run(s, w),
    ["MM1"] = (w, s) => MM1Queueing.Run(s, w),
};

if (args.Length is < 1 or > 2 || !samples.TryGetValue(args[0], out var sample))
{
    Console.Error.WriteLine($"usage: ClusterSim.Engine.Samples <{string.Join('|', samples.Keys)}> [seed]");
    return 2;
}

var seed = 42UL;
if (args.Length == 2 && !ulong.TryParse(args[1], out seed))
{
    Console.Error.WriteLine($"seed: '{args[1]}' is not a non-negative integer");
    return 2;
}

sample(Console.Out, seed);
return 0;
