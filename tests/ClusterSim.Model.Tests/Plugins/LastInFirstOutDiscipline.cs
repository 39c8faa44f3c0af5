using ClusterSim.Model.Serving.Scheduling;

namespace ClusterSim.Model.Tests.Plugins;

/// <summary>A test plug-in queue discipline: the newest item first (a stack), which no built-in does.</summary>
public sealed class LastInFirstOutDiscipline : IQueueDiscipline
{
    public string Name => "lifo";

    public WaitingQueue<T> Create<T>(IReadOnlyList<ClassSchedule> classes, Func<T, QueueItem> describe) => new Stack<T>();

    private sealed class Stack<T> : WaitingQueue<T>
    {
        private readonly List<T> _items = new();

        public override int Count => _items.Count;

        public override T PeekFront() => _items[^1];

        public override T PopFront()
        {
            var item = _items[^1];
            _items.RemoveAt(_items.Count - 1);
            return item;
        }

        public override void PushBack(T item) => _items.Add(item);

        public override void PushFront(T item) => _items.Add(item);
    }
}
