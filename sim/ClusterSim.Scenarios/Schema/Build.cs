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

    public static DurationShape Dur(double? min = 0, bool exclusive = false) => new() { Min = min, MinExclusive = exclusive };

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
