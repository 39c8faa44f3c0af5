using System.Globalization;
using ClusterSim.Scenarios.Schema;
using ClusterSim.Scenarios.Yaml;

namespace ClusterSim.Scenarios.Binding;

/// <summary>
/// Applies <c>--set path=value</c> to the scenario tree before it is checked, so a value set on the
/// command line is checked exactly like one in the file. Paths walk the schema: <c>run.seed</c>,
/// <c>workloads.chat.arrival.rate</c>, <c>deployments[0].replicas</c> (by position) or
/// <c>deployments[chat-8b].replicas</c> (by name; needed when a name holds a dot, unless it is unambiguous).
/// The value is YAML: <c>30</c>, <c>250ms</c>, <c>[1280, 720]</c>, <c>{kind: poisson, rate: 5}</c>.
/// </summary>
internal static class Overrides
{
    public static void Apply(MappingNode root, IReadOnlyList<string> sets, Diagnostics diagnostics)
    {
        for (var i = 0; i < sets.Count; i++)
        {
            var source = new Source($"--set {sets[i]}", 1 + i);
            new Walk(root, sets[i], source, diagnostics).Run();
        }
    }

    private sealed class Walk(MappingNode root, string arg, Source source, Diagnostics diagnostics)
    {
        private readonly List<(MappingNode Parent, MappingEntry Entry)> _created = [];
        private string _path = "";
        private int _pos;

        public void Run()
        {
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                diagnostics.Error(source, 1, 1, "expected PATH=VALUE, for example run.seed=7 or workloads.chat.arrival.rate=30");
                return;
            }

            _path = arg[..eq];
            var text = arg[(eq + 1)..];
            Node? value = text.Trim().Length == 0
                ? new ScalarNode(source, 1, eq + 2, "", plain: true)
                : YamlReader.Read(text, source, diagnostics, columnOffset: eq + 1);
            if (value is null)
            {
                return;
            }

            Node current = root;
            Shape? shape = ScenarioSchema.Root;
            var shown = "";
            while (_pos < _path.Length)
            {
                var column = _pos + 1;
                var (token, isIndex) = NextSegment(current);
                if (token is null)
                {
                    return;
                }

                var last = _pos >= _path.Length;
                shape = Unwrap(shape, current);

                if (isIndex && current is SequenceNode sequence)
                {
                    var index = int.Parse(token, CultureInfo.InvariantCulture);
                    if (index >= sequence.Items.Count)
                    {
                        Fail(column, $"'{shown}' has {sequence.Items.Count} items; there is no [{index}]");
                        return;
                    }

                    shown += $"[{index}]";
                    if (last)
                    {
                        value.OwnerKey = sequence.Items[index].OwnerKey;
                        sequence.Items[index] = value;
                        return;
                    }

                    current = sequence.Items[index] = Own(sequence.Items[index]);
                    shape = (shape as ListShape)?.Item;
                    continue;
                }

                if (current is not MappingNode mapping)
                {
                    Fail(column, $"'{shown}' is {Shape.Got(current)}, not a mapping: set it whole, e.g. --set {shown}={{...}}");
                    return;
                }

                if (isIndex)
                {
                    var index = int.Parse(token, CultureInfo.InvariantCulture);
                    if (shape is not MapShape || index >= mapping.Entries.Count)
                    {
                        // A section this --set had to create holds nothing yet: an item of it cannot be set, only the whole of it.
                        var absent = _created.Any(c => ReferenceEquals(c.Entry.Value, mapping));
                        Fail(column, shape is MapShape ? $"'{shown}' has {mapping.Entries.Count} entries; there is no [{index}]"
                            : absent ? $"'{shown}' is not given, so it has no [{index}]: set it whole, e.g. --set {shown}=[...]"
                            : shown.Length == 0 ? $"the top level is a mapping: name a key instead of [{index}]"
                            : $"'{shown}' is a mapping: name a key instead of [{index}]");
                        return;
                    }

                    token = mapping.Entries[index].Key.Value;
                }

                var entry = mapping.Find(token);
                var here = shown.Length == 0 ? token : $"{shown}.{token}";
                Shape? child;
                if (shape is MapShape map)
                {
                    if (entry is null && !last)
                    {
                        var names = mapping.Entries.Select(e => e.Key.Value).ToList();
                        var hint = Suggest.Hint(token, names);
                        var rest = _path[(column - 1)..];
                        if (hint.Length == 0 && rest.LastIndexOf('.') > token.Length)
                        {
                            var lastDot = rest.LastIndexOf('.');
                            hint = $" (a name that contains dots goes in brackets: {shown}[{rest[..lastDot]}]{rest[lastDot..]})";
                        }

                        Fail(column, $"no {map.Noun} '{token}' in '{shown}'{hint}");
                        return;
                    }

                    child = map.Value;
                }
                else if (shape is null or AnyShape)
                {
                    child = null;
                }
                else
                {
                    var keys = Keys(shape);
                    if (keys is not null && !keys.Contains(token))
                    {
                        var where = shown.Length == 0 ? "at the top level" : $"in '{shown}'";
                        var hint = Suggest.Hint(token, keys);
                        Fail(column, $"unknown key '{token}' {where}{(hint.Length > 0 ? hint : $"; expected one of: {string.Join(", ", keys)}")}");
                        return;
                    }

                    child = Child(shape, token);
                }

                if (last)
                {
                    if (entry is not null)
                    {
                        value.OwnerKey = entry.Key;
                        entry.Value = value;
                    }
                    else
                    {
                        var key = new ScalarNode(source, 1, column, token, plain: true);
                        value.OwnerKey = key;
                        mapping.Entries.Add(new MappingEntry(key, value));
                    }

                    return;
                }

                // A policy given by name alone (batching: continuous, execution_model: roofline), or left at its named
                // default, takes a parameter as the mapping it stands for: {name: continuous, token_budget: ...}.
                var named = NamedUnion(child);
                if (entry is null)
                {
                    var key = new ScalarNode(source, 1, column, token, plain: true);
                    var created = new MappingNode(source, 1, column) { OwnerKey = key };
                    // Only at the scenario's level: a deployment's own policies inherit the scenario's, not the schema's default.
                    if (named is not null && !shown.StartsWith("deployments", StringComparison.Ordinal) && DefaultName(shape, token) is { } byDefault)
                    {
                        created.Entries.Add(new MappingEntry(new ScalarNode(source, 1, column, named.Tag, plain: true),
                            new ScalarNode(source, 1, column, byDefault, plain: true)));
                    }

                    var added = new MappingEntry(key, created);
                    mapping.Entries.Add(added);
                    _created.Add((mapping, added));
                    current = created;
                }
                else if (named is not null && entry.Value is ScalarNode name)
                {
                    var expanded = new MappingNode(name.Source, name.Line, name.Column) { OwnerKey = entry.Key };
                    expanded.Entries.Add(new MappingEntry(new ScalarNode(name.Source, name.Line, name.Column, named.Tag, plain: true), name));
                    current = entry.Value = expanded;
                }
                else
                {
                    current = entry.Value = Own(entry.Value);
                }

                shape = child;
                shown = here;
            }
        }

        /// <summary>
        /// The next key or [index]. A key is matched greedily against the mapping's existing keys, so
        /// names containing dots (llama-3.1-8b) work without brackets.
        /// </summary>
        private (string? Token, bool IsIndex) NextSegment(Node current)
        {
            if (_path[_pos] == '[')
            {
                var close = _path.IndexOf(']', _pos);
                if (close < 0)
                {
                    Fail(_pos + 1, "'[' without a closing ']'");
                    return (null, false);
                }

                var inner = _path[(_pos + 1)..close].Trim();
                _pos = close + 1;
                SkipDot();
                if (inner.Length >= 2 && inner[0] is '"' or '\'' && inner[^1] == inner[0])
                {
                    return (inner[1..^1], false);
                }

                // Digits make a position; one too large to be a position cannot match any entry.
                var isIndex = inner.Length is > 0 and < 10 && inner.All(char.IsAsciiDigit);
                return (inner, isIndex);
            }

            var rest = _path[_pos..];
            if (current is MappingNode mapping)
            {
                var match = mapping.Entries
                    .Select(e => e.Key.Value)
                    .Where(k => rest == k || rest.StartsWith(k + ".", StringComparison.Ordinal) || rest.StartsWith(k + "[", StringComparison.Ordinal))
                    .OrderByDescending(k => k.Length)
                    .FirstOrDefault();
                if (match is not null)
                {
                    _pos += match.Length;
                    SkipDot();
                    return (match, false);
                }
            }

            var end = rest.IndexOfAny(['.', '[']);
            var token = end < 0 ? rest : rest[..end];
            if (token.Length == 0)
            {
                Fail(_pos + 1, "empty key in the path");
                return (null, false);
            }

            _pos += token.Length;
            SkipDot();
            return (token, false);
        }

        private void SkipDot()
        {
            if (_pos < _path.Length && _path[_pos] == '.')
            {
                _pos++;
                if (_pos == _path.Length)
                {
                    _pos--; // a trailing dot leaves an empty key, reported by NextSegment
                }
            }
        }

        /// <summary>
        /// A copy of a mapping or list on the way down, with entries of its own. A YAML alias (*arr) shares
        /// its node with the anchor (&amp;arr); writing into the shared node would change every place that
        /// uses it, while --set names one place. Scalars are replaced, never written into, so they need no copy.
        /// </summary>
        private Node Own(Node node)
        {
            Node copy;
            switch (node)
            {
                case MappingNode m:
                {
                    var mapping = new MappingNode(m.Source, m.Line, m.Column) { OwnerKey = m.OwnerKey };
                    mapping.Entries.AddRange(m.Entries.Select(e => new MappingEntry(e.Key, e.Value)));
                    copy = mapping;
                    break;
                }

                case SequenceNode q:
                {
                    var sequence = new SequenceNode(q.Source, q.Line, q.Column) { OwnerKey = q.OwnerKey };
                    sequence.Items.AddRange(q.Items);
                    copy = sequence;
                    break;
                }

                default:
                    return node;
            }

            if (diagnostics.IsBad(node))
            {
                diagnostics.MarkBad(copy);
            }

            return copy;
        }

        /// <summary>Reports, and takes back any mapping this --set created on its way, so a failed --set changes nothing.</summary>
        private void Fail(int column, string message)
        {
            diagnostics.Error(source, 1, column, message);
            for (var i = _created.Count - 1; i >= 0; i--)
            {
                _created[i].Parent.Entries.Remove(_created[i].Entry);
            }
        }

        /// <summary>The shape that applies to this node, through alternatives and unions.</summary>
        private static Shape? Unwrap(Shape? shape, Node node)
        {
            while (true)
            {
                switch (shape)
                {
                    case AltShape alt:
                        shape = node switch
                        {
                            MappingNode => alt.Mapping,
                            SequenceNode => alt.Sequence,
                            _ => alt.Scalar,
                        };
                        continue;
                    case InheritShape inherit:
                        return node is MappingNode m && m.Find("from") is null ? Unwrap(inherit.Full, node) : inherit.Override;
                    case UnionShape union when node is MappingNode um && um.Get(union.Tag) is ScalarNode tag:
                        var variant = union.Variant(tag.Value);
                        if (variant is not null)
                        {
                            return variant;
                        }

                        return union.IsOpen?.Invoke(tag.Value) == true ? new AnyShape() : union;
                    default:
                        return shape;
                }
            }
        }

        /// <summary>The union a field names by a scalar or spells out as a mapping (a policy, the execution model), or null.</summary>
        private static UnionShape? NamedUnion(Shape? shape)
            => shape is AltShape { Scalar: NameOfShape, Mapping: UnionShape union } ? union : null;

        /// <summary>The name a field of <paramref name="parent"/> defaults to, where it has one.</summary>
        private static string? DefaultName(Shape? parent, string key)
            => (parent as ObjectShape)?.Find(key)?.Default as string;

        private static List<string>? Keys(Shape shape) => shape switch
        {
            ObjectShape o => o.Fields.Select(f => f.Name).ToList(),
            UnionShape u => u.Variants.SelectMany(v => v.Fields).Select(f => f.Name).Distinct().ToList(),
            _ => null,
        };

        private static Shape? Child(Shape shape, string key) => shape switch
        {
            ObjectShape o => o.Find(key)?.Shape,
            UnionShape u => u.Variants.Select(v => v.Find(key)).FirstOrDefault(f => f is not null)?.Shape,
            _ => null,
        };
    }
}
