using System.Text;

namespace ClusterSim.Scenarios.Tests;

/// <summary>
/// Thousands of deterministic mutations of the valid examples: whatever the input, the loader either
/// returns a scenario or throws <see cref="ScenarioException"/> with located errors, never anything else.
/// </summary>
public sealed class FuzzTests
{
    // 400 per example file (3,200 in all) by default; CLUSTERSIM_FUZZ=N runs N per file for a longer hunt.
    private static readonly int MutationsPerFile =
        int.TryParse(Environment.GetEnvironmentVariable("CLUSTERSIM_FUZZ"), out var n) && n > 0 ? n : 400;

    private static readonly string[] WrongValues =
        ["abc", "-1", "0", "[1, 2]", "{a: 1}", "", "true", "1e999", ".nan", "\"5\"", "~", "*nope", "&a", "!tag x", "3.5", "'", "{", "]", "- x", "9999999999999999999999", "65536", "2147483648", "1e10"];

    public static IEnumerable<object[]> Files => ExampleScenarioTests.Examples;

    [Theory]
    [MemberData(nameof(Files))]
    public void Mutated_examples_give_only_located_scenario_errors(string file)
    {
        var original = File.ReadAllText(Path.Combine(Fixtures.Scenarios, file));
        var random = new Random(file.Aggregate(17, (h, c) => unchecked(h * 31 + c)));
        var failures = new List<string>();
        var rejected = 0;
        for (var i = 0; i < MutationsPerFile; i++)
        {
            var mutated = Mutate(original, random);
            try
            {
                ScenarioLoader.Parse(mutated, file, Fixtures.Scenarios);
            }
            catch (ScenarioException ex)
            {
                rejected++;
                if (ex.Errors.Count == 0 || ex.Errors.Any(e => e.Line < 1 || e.Column < 1 || string.IsNullOrWhiteSpace(e.Message)))
                {
                    failures.Add($"unlocated error for mutation {i}: {ex.Message}");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"mutation {i}: {ex.GetType().Name}: {ex.Message}\n---\n{mutated}\n---");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(3)));

        // The mutations must mostly break the file, or the test would prove little.
        Assert.True(rejected > MutationsPerFile / 2, $"only {rejected} of {MutationsPerFile} mutations were rejected");
    }

    [Fact]
    public void Random_set_overrides_give_only_located_scenario_errors()
    {
        var random = new Random(4242);
        string[] paths =
        [
            "run.seed", "run", "workloads", "workloads.chat", "workloads.chat.arrival", "workloads.chat.arrival.kind", "workloads[0]",
            "workloads[9]", "deployments[0].tp", "deployments[serve]", "deployments[", "hardware.nodes.dgx.count", "models.x", "a.b.c",
            "policies.routing", "policies.batching.name", "facility.outside_temp.kind", ".", "[0]", "run..seed", "workloads.chat.slo.ttft",
            "deployments[99999999999].tp", "deployments[-1]", "deployments['serve'].tp", "run.seed[0]", "hardware.nodes.dgx.count", "models[x].from",
        ];
        var failures = new List<string>();
        var rejected = 0;
        for (var i = 0; i < 400; i++)
        {
            var set = paths[random.Next(paths.Length)] + (random.Next(5) == 0 ? "" : "=") + WrongValues[random.Next(WrongValues.Length)];
            try
            {
                ScenarioLoader.Parse(MalformedCases.Base, "test.yaml", MalformedCases.Folder, [set], Fixtures.Catalog);
            }
            catch (ScenarioException ex)
            {
                rejected++;
                if (ex.Errors.Count == 0 || ex.Errors.Any(e => e.Line < 1 || e.Column < 1 || string.IsNullOrWhiteSpace(e.Message)))
                {
                    failures.Add($"unlocated error for --set {set}: {ex.Message}");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"--set {set}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));

        // Nearly every one of these paths or values is wrong: if most were accepted, the test would prove little.
        Assert.True(rejected > 400 / 2, $"only {rejected} of 400 overrides were rejected");
    }

    private static string Mutate(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var count = 1 + random.Next(3);
        for (var n = 0; n < count; n++)
        {
            var i = random.Next(lines.Count);
            switch (random.Next(9))
            {
                case 0: // delete a line
                    lines.RemoveAt(i);
                    break;
                case 1: // duplicate a line
                    lines.Insert(i, lines[i]);
                    break;
                case 2: // swap two lines
                {
                    var j = random.Next(lines.Count);
                    (lines[i], lines[j]) = (lines[j], lines[i]);
                    break;
                }

                case 3: // swap the values of two keys
                {
                    var j = random.Next(lines.Count);
                    var (a, b) = (lines[i].IndexOf(": ", StringComparison.Ordinal), lines[j].IndexOf(": ", StringComparison.Ordinal));
                    if (a > 0 && b > 0)
                    {
                        (lines[i], lines[j]) = (lines[i][..a] + lines[j][b..], lines[j][..b] + lines[i][a..]);
                    }

                    break;
                }

                case 4: // a value of the wrong type
                {
                    var a = lines[i].IndexOf(": ", StringComparison.Ordinal);
                    if (a > 0)
                    {
                        lines[i] = lines[i][..(a + 2)] + WrongValues[random.Next(WrongValues.Length)];
                    }

                    break;
                }

                case 5: // random bytes
                {
                    var bytes = new byte[1 + random.Next(12)];
                    random.NextBytes(bytes);
                    var at = random.Next(lines[i].Length + 1);
                    lines[i] = lines[i].Insert(at, Encoding.Latin1.GetString(bytes));
                    break;
                }

                case 6: // misspell a key
                {
                    var colon = lines[i].IndexOf(':');
                    if (colon > 1)
                    {
                        var k = random.Next(colon);
                        lines[i] = lines[i][..k] + (char)('a' + random.Next(26)) + lines[i][(k + 1)..];
                    }

                    break;
                }

                case 7: // change the indentation
                    lines[i] = random.Next(2) == 0 ? " " + lines[i] : lines[i].TrimStart();
                    break;
                default: // cut the file short
                    lines.RemoveRange(i, lines.Count - i);
                    lines.Add(new string('x', random.Next(3)));
                    break;
            }

            if (lines.Count == 0)
            {
                lines.Add("");
            }
        }

        return string.Join('\n', lines);
    }
}
