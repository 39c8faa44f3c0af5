using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ClusterSim.Scenarios.Yaml;

/// <summary>
/// Reads one YAML document into a <see cref="Node"/> tree. Every problem (syntax, duplicate keys,
/// unknown aliases, tags, nesting too deep, alias bombs) becomes a located error; nothing throws.
/// </summary>
internal static class YamlReader
{
    // Real scenarios nest about eight levels; the limits only stop pathological input (a deeply
    // nested line of brackets, or aliases that expand exponentially) before it costs stack or memory.
    private const int MaxDepth = 64;
    private const int MaxNodes = 500_000;

    private const string StrTag = "tag:yaml.org,2002:str";

    /// <param name="columnOffset">Added to columns on line 1: a --set value sits after "path=" in its argument.</param>
    public static Node? Read(string text, Source source, Diagnostics diagnostics, int columnOffset = 0)
    {
        var reader = new Reading(source, diagnostics, columnOffset);
        return reader.Document(text);
    }

    private sealed class Abort : Exception;

    private sealed class Reading(Source source, Diagnostics diagnostics, int columnOffset)
    {
        private readonly Dictionary<string, (Node Node, int Size)> _anchors = new(StringComparer.Ordinal);
        private Parser _parser = null!;
        private int _nodes;
        private Mark _last = Mark.Empty;
        private string[] _lines = [];

        public Node? Document(string text)
        {
            _lines = text.Split('\n');
            _parser = new Parser(new StringReader(text));
            Node? root = null;
            var documents = 0;
            try
            {
                Next(); // StreamStart
                while (Next() is not StreamEnd)
                {
                    if (_parser.Current is DocumentStart start)
                    {
                        documents++;
                        if (documents > 1)
                        {
                            Report(start.Start, "only one YAML document per file is allowed (found a second '---')");
                            return null;
                        }

                        Next();
                        root = Parse(0).Node;
                        Next(); // DocumentEnd
                    }
                }
            }
            catch (Abort)
            {
                return null;
            }
            catch (YamlException ex)
            {
                Report(ex.Start, "invalid YAML: " + ex.Message);
                return null;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException
                                           or OverflowException or IndexOutOfRangeException)
            {
                // The parser should only throw YamlException, but some malformed flow collections trip
                // an internal state check (YamlDotNet 18.1: InvalidOperationException in
                // ScanPlainScalar). It is still the input's fault and still gets a location.
                _ = ex;
                Report(_last, "invalid YAML: cannot read on from here (an unclosed '{' or '[', or a stray ':'?)");
                return null;
            }

            if (root is null)
            {
                diagnostics.Error(source, 1, 1 + columnOffset, "the file is empty; expected a mapping of scenario keys");
            }

            return root;
        }

        private ParsingEvent Next()
        {
            if (!_parser.MoveNext())
            {
                throw new YamlException(_last, _last, "unexpected end of input");
            }

            _last = _parser.Current!.Start;
            return _parser.Current;
        }

        private (int Line, int Column) Locate(Mark mark)
        {
            var line = (int)Math.Max(1, mark.Line);
            var column = (int)Math.Max(1, mark.Column);

            // "Unexpected end" errors point past the last line; show them at the end of the text instead.
            var lastLine = _lines.Length > 1 && _lines[^1].Length == 0 ? _lines.Length - 1 : _lines.Length;
            if (line > lastLine && lastLine >= 1)
            {
                line = lastLine;
                column = _lines[lastLine - 1].TrimEnd('\r').Length + 1;
            }

            return (line, line == 1 ? column + columnOffset : column);
        }

        private void Report(Mark mark, string message)
        {
            var (line, column) = Locate(mark);
            diagnostics.Error(source, line, column, message);
        }

        private void Count(int size, Mark at)
        {
            _nodes += size;
            if (_nodes > MaxNodes)
            {
                Report(at, $"the document expands to more than {MaxNodes:N0} nodes (aliases repeated too often)");
                throw new Abort();
            }
        }

        /// <summary>Parses the node at the current event; leaves the parser on its last event.</summary>
        private (Node Node, int Size) Parse(int depth)
        {
            var current = _parser.Current!;
            if (depth > MaxDepth)
            {
                Report(current.Start, $"nesting is deeper than {MaxDepth} levels");
                throw new Abort();
            }

            var (line, column) = Locate(current.Start);
            switch (current)
            {
                case Scalar scalar:
                {
                    var plain = scalar.Style == ScalarStyle.Plain;
                    if (!scalar.Tag.IsEmpty)
                    {
                        if (scalar.Tag.Value is StrTag or "!!str")
                        {
                            plain = false;
                        }
                        else
                        {
                            Report(scalar.Start, $"YAML tags such as '{scalar.Tag.Value}' are not supported");
                        }
                    }

                    var node = new ScalarNode(source, line, column, scalar.Value, plain);
                    Count(1, scalar.Start);
                    Anchor(scalar.Anchor, node, 1);
                    return (node, 1);
                }

                case AnchorAlias alias:
                {
                    if (_anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        Count(target.Size, alias.Start);
                        return target;
                    }

                    Report(alias.Start, $"unknown alias '*{alias.Value.Value}' (no '&{alias.Value.Value}' before it)");
                    var placeholder = new ScalarNode(source, line, column, "", plain: true);
                    diagnostics.MarkBad(placeholder);
                    return (placeholder, 1);
                }

                case MappingStart start:
                {
                    RejectTag(start.Tag, start.Start);
                    var node = new MappingNode(source, line, column);
                    var size = 1;
                    Count(1, start.Start);
                    while (Next() is not MappingEnd)
                    {
                        var (key, keySize) = Parse(depth + 1);
                        Next();
                        var (value, valueSize) = Parse(depth + 1);
                        size += keySize + valueSize;
                        AddEntry(node, key, value);
                    }

                    Anchor(start.Anchor, node, size);
                    return (node, size);
                }

                case SequenceStart start:
                {
                    RejectTag(start.Tag, start.Start);
                    var node = new SequenceNode(source, line, column);
                    var size = 1;
                    Count(1, start.Start);
                    while (Next() is not SequenceEnd)
                    {
                        var (item, itemSize) = Parse(depth + 1);
                        size += itemSize;
                        node.Items.Add(item);
                    }

                    Anchor(start.Anchor, node, size);
                    return (node, size);
                }

                default:
                    Report(current.Start, $"invalid YAML: unexpected {current.GetType().Name}");
                    throw new Abort();
            }
        }

        private void RejectTag(TagName tag, Mark at)
        {
            if (!tag.IsEmpty && tag.Value is not "tag:yaml.org,2002:map" and not "tag:yaml.org,2002:seq")
            {
                Report(at, $"YAML tags such as '{tag.Value}' are not supported");
            }
        }

        private void Anchor(AnchorName anchor, Node node, int size)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = (node, size);
            }
        }

        private void AddEntry(MappingNode mapping, Node key, Node value)
        {
            if (key is not ScalarNode scalar)
            {
                diagnostics.Error(key, $"a key must be a plain name, not {key.Describe()}");
                return;
            }

            if (scalar is { IsPlain: true, Value: "<<" })
            {
                diagnostics.Error(scalar, "YAML merge keys ('<<') are not supported; write the keys out, or use 'from:' to start from a catalog entry");
                return;
            }

            var first = mapping.Find(scalar.Value);
            if (first is not null)
            {
                diagnostics.Error(scalar.Source, scalar.Line, scalar.Column,
                    $"duplicate key '{scalar.Value}' (first defined at line {first.Key.Line}, column {first.Key.Column})");
                return;
            }

            value.OwnerKey = scalar;
            mapping.Entries.Add(new MappingEntry(scalar, value));
        }
    }
}
