using ClusterSim.Scenarios;
using System.CommandLine;
using ClusterSim.Model.Performance;

namespace ClusterSim.Cli.Commands;

/// <summary>
/// `clustersim calibrate`: fits the execution-time model's efficiency factors to measured iteration timings and
/// writes the parameter file the catalog uses. The work happens in <see cref="SplitwiseCalibration"/>.
/// </summary>
internal static class CalibrateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var profile = new Option<string>("--profile")
        {
            Description = "Measured iteration timings in the Splitwise CSV format",
            DefaultValueFactory = _ => Path.Combine("scenarios", "profiles", "splitwise_perf_model.csv"),
        };
        var collectives = new Option<string?>("--collectives")
        {
            Description = "Folder with the Vidur *_all_reduce.csv collective profiles (default: the profile's folder)",
        };
        var output = new Option<string?>("--out")
        {
            Description = "Parameter file to write (default: out/calibration/efficiency.yaml; the catalog's own file only with --write-catalog)",
        };
        var writeCatalog = new Option<bool>("--write-catalog")
        {
            Description = "Replace the catalog's parameter file, scenarios/catalog/efficiency.yaml, which every run reads",
        };

        var command = new Command("calibrate", "Fit the execution-time model's efficiency factors to measured timings and write the parameter file");
        command.Options.Add(profile);
        command.Options.Add(collectives);
        command.Options.Add(output);
        command.Options.Add(writeCatalog);
        command.SetAction(parse =>
        {
            var profilePath = parse.GetValue(profile)!;
            // A tracked catalog file changes only when asked: a calibration run to look at must not edit the repository.
            if (parse.GetValue(writeCatalog) && parse.GetValue(output) is not null)
            {
                stderr.WriteLine("error: give --out or --write-catalog, not both");
                return ExitCodes.BadInput;
            }

            var outPath = parse.GetValue(output)
                ?? (parse.GetValue(writeCatalog) ? Path.Combine("scenarios", "catalog", "efficiency.yaml") : Path.Combine("out", "calibration", "efficiency.yaml"));
            if (CliErrors.RejectEmptyPath("--profile", profilePath, stderr) || CliErrors.RejectEmptyPath("--out", outPath, stderr))
            {
                return ExitCodes.BadInput;
            }

            CalibrationReport report;
            try
            {
                report = SplitwiseCalibration.Run(profilePath, parse.GetValue(collectives));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException or NotSupportedException)
            {
                // IOException covers a missing file or folder and a locked one alike.
                stderr.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }

            foreach (var line in report.Lines)
            {
                stdout.WriteLine(line);
            }

            try
            {
                var folder = Path.GetDirectoryName(Path.GetFullPath(outPath));
                if (!string.IsNullOrEmpty(folder))
                {
                    Directory.CreateDirectory(folder);
                }

                // The catalog reads this file; a calibration that fails half-way must leave the old one intact.
                AtomicFile.Write(outPath, writer => EfficiencyYaml.Write(writer, report.Sources, EfficiencyFields.ToEntries(report)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                stderr.WriteLine($"error: {outPath}: cannot write the parameter file: {e.Message}");
                return ExitCodes.BadInput;
            }

            stdout.WriteLine($"wrote {outPath}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
