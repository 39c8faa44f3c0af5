namespace ClusterSim.Scenarios.Schema;

/// <summary>Terse constructors so the language description reads like a table.</summary>
internal static class Build
{
    public static NumberShape Num(double? min = null, bool exclusive = false, double? max = null)
        => new() { Min = min, MinExclusive = exclusive, Max = max };

    public static NumberShape Positive => Num(0, exclusive: true);

    public static NumberShape NonNegative => Num(0);

    /// <summary>
    /// An integer. The default maximum is the largest int, so a value the binder could only clamp (1e10
    /// for a batch size) is a located "must be at most" error instead of a number the user never wrote.
    /// </summary>
    public static NumberShape Int(long? min = null, long max = int.MaxValue) => new() { Integer = true, Min = min, Max = max };

    /// <summary>
    /// An integer read as a long (seeds, request counts). Capped at 2^53, the largest whole number a
    /// double (how YAML numbers are read) holds exactly, so no value is silently rounded.
    /// </summary>
    public static NumberShape Long(long? min = null) => new() { Integer = true, Min = min, Max = MaxExactLong };

    /// <summary>2^53: above it, doubles skip integers.</summary>
    public const long MaxExactLong = 1L << 53;

    /// <summary>
    /// A duration, at most <see cref="MaxSeconds"/>: simulated time is a long count of nanoseconds (292
    /// years), and no question about a datacenter needs more than ten years; past it `validate` says
    /// so at the key instead of `run` failing on an overflow.
    /// </summary>
    public static DurationShape Dur(double? min = 0, bool exclusive = false) => new() { Min = min, MinExclusive = exclusive, Max = MaxSeconds };

    /// <summary>Ten years (of 365.25 days), the longest duration the language takes.</summary>
    public const double MaxSeconds = 10 * 365.25 * 86400;

    // ---- physical ranges: wide enough for any real system, narrow enough that a typo or a unit
    // slip (1e-300 GB/s, 1e9 requests/s) is caught at the key rather than hanging or overflowing a run.

    /// <summary>Arrivals per second: up to a million (the largest public services serve ~1e5/s).</summary>
    public static NumberShape Rate => Num(0, exclusive: true, max: 1e6);

    /// <summary>A bandwidth in GB/s: 1 MB/s to 1 PB/s.</summary>
    public static NumberShape Bandwidth => Num(1e-3, max: 1e6);

    /// <summary>A multiplier of time or size: a millionth to a million.</summary>
    public static NumberShape Factor => Num(1e-6, max: 1e6);

    /// <summary>A coefficient of variation: positive, at most 100.</summary>
    public static NumberShape Cv => Num(0, exclusive: true, max: 100);

    /// <summary>A capacity in GB (GiB for HBM): up to a petabyte.</summary>
    public static NumberShape Capacity => Num(0, exclusive: true, max: 1e6);

    /// <summary>Power in watts: up to 100 kW for one board.</summary>
    public static NumberShape BoardWatts => Num(0, exclusive: true, max: 1e5);

    /// <summary>Power in kW: up to a gigawatt site.</summary>
    public static NumberShape Kilowatts => Num(0, exclusive: true, max: 1e6);

    /// <summary>Dense peak TFLOP/s: up to a million (an accelerator today has ~1e4 at fp4).</summary>
    public static NumberShape PeakTflops => Num(0, exclusive: true, max: 1e6);

    /// <summary>Parameters in billions: up to a hundred trillion.</summary>
    public static NumberShape Billions => Num(0, exclusive: true, max: 1e5);

    public static DurationShape PositiveDur => Dur(0, exclusive: true);

    public static StringShape Str => new();

    public static StringShape Ref => new()
    {
        Pattern = MapShape.NamePattern,
        PatternHint = "a name of letters, digits, '.', '_' and '-'",
    };

    public static EnumShape Enum(params string[] values) => new(values);

    public static Field F(string name, Shape shape, string description, object? @default = null)
        => new(name, shape, description, Required: false, Default: @default);

    public static Field R(string name, Shape shape, string description) => new(name, shape, description, Required: true);

    public static ObjectShape Obj(params Field[] fields) => new(fields);

    /// <summary>A union variant: the tag key comes first and is required.</summary>
    public static ObjectShape Variant(string tag, string name, string description, params Field[] fields)
        => new([new Field(tag, new EnumShape([name]), description, Required: true), .. fields]) { VariantName = name, Description = description };

    public static ListShape Pair(Shape item) => new(item) { MinItems = 2, MaxItems = 2 };

    public static ListShape Triple(Shape item) => new(item) { MinItems = 3, MaxItems = 3 };

    public static MapShape Map(Shape value, string noun, int min = 0) => new(value, noun) { MinEntries = min };

    public static T Doc<T>(this T shape, string description)
        where T : Shape
    {
        shape.Description = description;
        return shape;
    }

    public static T Def<T>(this T shape, string? name)
        where T : Shape
    {
        shape.DefName = name;
        return shape;
    }

    public static ObjectShape Checked(this ObjectShape shape, params Rule[] rules)
    {
        shape.Rules = [.. shape.Rules, .. rules];
        return shape;
    }
}
