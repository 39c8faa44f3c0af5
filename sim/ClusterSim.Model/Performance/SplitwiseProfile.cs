namespace ClusterSim.Model.Performance;

/// <summary>
/// Measured iteration timings in the Splitwise CSV format (Mutinifni/splitwise-sim data/perf_model.csv, copied to
/// scenarios/profiles/splitwise_perf_model.csv): `model, hardware, prompt_size, batch_size, token_size, ...,
/// prompt_time, token_time, e2e_time, tensor_parallel`.
/// </summary>
public sealed class SplitwiseProfile
{
    private SplitwiseProfile(string source, IReadOnlyList<SplitwiseRow> rows)
    {
        Source = source;
        Rows = rows;
    }

    public string Source { get; }

    public IReadOnlyList<SplitwiseRow> Rows { get; }

    public static SplitwiseProfile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: profile not found", path);
        }

        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    public static SplitwiseProfile Parse(TextReader reader, string source)
    {
        var table = CsvTable.Read(reader, source);
        var model = table.Column("model");
        var hardware = table.Column("hardware");
        var prompt = table.Column("prompt_size");
        var batch = table.Column("batch_size");
        var token = table.Column("token_size");
        var promptTime = table.Column("prompt_time");
        var tokenTime = table.Column("token_time");
        var e2e = table.Column("e2e_time");
        var tp = table.Column("tensor_parallel");
        var rows = new List<SplitwiseRow>(table.Rows.Count);
        foreach (var (line, cells) in table.Rows)
        {
            var row = new SplitwiseRow(
                table.Text(cells, model),
                table.Text(cells, hardware),
                table.Integer(line, cells, tp),
                table.Integer(line, cells, prompt),
                table.Integer(line, cells, batch),
                table.Integer(line, cells, token),
                table.Number(line, cells, promptTime),
                table.Number(line, cells, tokenTime),
                table.Number(line, cells, e2e),
                line);
            foreach (var (value, column) in new[]
                     {
                         (row.TensorParallel, tp), (row.PromptSize, prompt), (row.BatchSize, batch), (row.TokenSize, token),
                     })
            {
                if (value <= 0)
                {
                    throw new FormatException(
                        $"{source}:{line}:{CsvTable.ColumnPosition(cells, column)}: expected a positive whole number, found {value}");
                }
            }

            foreach (var (value, column) in new[] { (row.PromptTimeMs, promptTime), (row.TokenTimeMs, tokenTime) })
            {
                if (value <= 0)
                {
                    throw new FormatException(
                        $"{source}:{line}:{CsvTable.ColumnPosition(cells, column)}: expected a positive time in ms, found {value}");
                }
            }

            rows.Add(row);
        }

        return new SplitwiseProfile(source, rows);
    }

    /// <summary>Rows of one model, hardware and tensor-parallel degree (names compared ignoring case and punctuation).</summary>
    public IReadOnlyList<SplitwiseRow> Select(string model, string hardware, int tensorParallel)
        => Rows.Where(r => SameName(r.Model, model) && SameName(r.Hardware, hardware) && r.TensorParallel == tensorParallel).ToArray();

    /// <summary>The (model, hardware, tensor_parallel) combinations the profile holds.</summary>
    public IReadOnlyList<(string Model, string Hardware, int TensorParallel)> Combinations()
        => Rows.Select(r => (r.Model, r.Hardware, r.TensorParallel)).Distinct().OrderBy(c => c).ToArray();

    /// <summary>"llama-2-70b" and "llama2-70b" name the same model: compare letters and digits only.</summary>
    internal static bool SameName(string a, string b) => Normalize(a) == Normalize(b);

    internal static string Normalize(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
