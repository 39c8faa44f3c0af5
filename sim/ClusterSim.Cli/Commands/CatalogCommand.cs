using System.CommandLine;
using System.Globalization;
using ClusterSim.Scenarios;

namespace ClusterSim.Cli.Commands;

/// <summary><c>clustersim catalog [accelerators|models]</c>: the named hardware and models with their key figures.</summary>
internal static class CatalogCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var section = new Argument<string?>("section")
        {
            Description = "Show only 'accelerators' or 'models'.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        section.AcceptOnlyFromAmong("accelerators", "models");
        var command = new Command("catalog", "List the accelerators and models in the catalog with their key figures");
        command.Arguments.Add(section);
        command.SetAction(parsed =>
        {
            Catalog catalog;
            try
            {
                catalog = Catalog.Default;
            }
            catch (ScenarioException ex)
            {
                ScenarioOptions.PrintErrors(ex, stderr);
                return ExitCodes.BadInput;
            }

            var only = parsed.GetValue(section);
            if (only is null or "accelerators")
            {
                WriteAccelerators(catalog, stdout);
            }

            if (only is null)
            {
                stdout.WriteLine();
            }

            if (only is null or "models")
            {
                WriteModels(catalog, stdout);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void WriteAccelerators(Catalog catalog, TextWriter stdout)
    {
        stdout.WriteLine("Accelerators (dense TFLOP/s; GB = 1e9 bytes; prices per accelerator)");
        var rows = catalog.Accelerators.Select(a => new[]
        {
            a.Key,
            a.Name,
            Num(a.HbmGb),
            Num(a.HbmBandwidthGbs),
            Num(a.Tflops.TryGetValue(Precision.Bf16, out var bf16) ? bf16 : a.Tflops.GetValueOrDefault(Precision.Fp16)),
            a.Tflops.TryGetValue(Precision.Fp8, out var fp8) ? Num(fp8) : "-",
            Num(a.TdpW),
            a.ScaleUp is { } link ? $"{Key(link.Kind)} {Num(link.BidirGbs)}" : "-",
            a.PriceUsd is { } price ? Num(price) : "-",
            a.RentUsdPerHour is { } rent ? rent.ToString("0.00", CultureInfo.InvariantCulture) : "-",
            a.Confidence.ToString().ToLowerInvariant(),
        });
        Table(stdout, ["key", "name", "hbm_gb", "hbm_gbs", "bf16", "fp8", "tdp_w", "scale_up (GB/s)", "price_usd", "usd_per_h", "confidence"],
            rows, rightAligned: [2, 3, 4, 5, 6, 8, 9]);
    }

    private static void WriteModels(Catalog catalog, TextWriter stdout)
    {
        stdout.WriteLine("Models (params in billions)");
        var rows = catalog.Models.Select(m => new[] { m.Key, m.Kind, Num(m.ParamsB) }
            .Concat(m.CatalogColumns()).Append(m.Confidence.ToString().ToLowerInvariant()).ToArray());
        Table(stdout, ["key", "kind", "params_b", "active_b", "layers", "hidden", "heads/kv", "context", "notes", "confidence"],
            rows, rightAligned: [2, 3, 4, 5, 6, 7]);
    }

    private static string Key(LinkKind kind) => kind switch
    {
        LinkKind.InfinityFabric => "infinity_fabric",
        LinkKind.NvlinkC2c => "nvlink_c2c",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Num(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Plain aligned columns: deterministic, readable in any terminal width, easy to grep.</summary>
    private static void Table(TextWriter output, string[] headers, IEnumerable<string[]> rows, int[] rightAligned)
    {
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) =>
            rightAligned.Contains(i) ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
        output.WriteLine(Line(headers));
        output.WriteLine(Line(widths.Select(w => new string('-', w)).ToArray()));
        foreach (var row in all)
        {
            output.WriteLine(Line(row));
        }
    }
}
