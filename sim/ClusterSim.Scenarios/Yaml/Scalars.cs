using System.Globalization;
using System.Text.RegularExpressions;

namespace ClusterSim.Scenarios.Yaml;

/// <summary>
/// The YAML 1.2 core schema for plain scalars: the same rules an editor's YAML language server
/// applies, so a value the JSON Schema accepts is a value the loader accepts. Quoted scalars are
/// always strings.
/// </summary>
internal static partial class Scalars
{
    public static bool IsBool(ScalarNode node, out bool value)
    {
        value = false;
        if (!node.IsPlain)
        {
            return false;
        }

        switch (node.Value)
        {
            case "true" or "True" or "TRUE":
                value = true;
                return true;
            case "false" or "False" or "FALSE":
                return true;
            default:
                return false;
        }
    }

    /// <summary>A plain scalar that the core schema reads as a number (finite or not).</summary>
    public static bool IsNumber(ScalarNode node, out double value)
    {
        value = 0;
        if (!node.IsPlain)
        {
            return false;
        }

        var text = node.Value;
        if (IntOrFloat().IsMatch(text))
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        if (Hex().IsMatch(text))
        {
            value = (double)ulong.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return true;
        }

        if (Octal().IsMatch(text))
        {
            value = Convert.ToUInt64(text[2..], 8);
            return true;
        }

        switch (text)
        {
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF":
                value = double.NegativeInfinity;
                return true;
            case ".nan" or ".NaN" or ".NAN":
                value = double.NaN;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Integer in the core schema's sense: written without a fraction or exponent.</summary>
    public static bool IsIntegerLiteral(ScalarNode node)
        => node.IsPlain && (IntLiteral().IsMatch(node.Value) || Hex().IsMatch(node.Value) || Octal().IsMatch(node.Value));

    /// <summary>What a scalar is, in words, for "expected X, got Y" messages.</summary>
    public static string Kind(ScalarNode node)
    {
        if (node.IsNull)
        {
            return "null";
        }

        if (IsBool(node, out _))
        {
            return "boolean";
        }

        return IsNumber(node, out _) ? "number" : "string";
    }

    /// <summary>A plain or quoted scalar that reads as a string (not null, boolean or number).</summary>
    public static bool IsString(ScalarNode node) => Kind(node) == "string";

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex IntOrFloat();

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntLiteral();

    [GeneratedRegex(@"^0x[0-9a-fA-F]{1,15}$")]
    private static partial Regex Hex();

    [GeneratedRegex(@"^0o[0-7]{1,20}$")]
    private static partial Regex Octal();
}
