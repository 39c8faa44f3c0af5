using ClusterSim.Model.Serving.Requests;

namespace ClusterSim.Model.Serving.Scheduling;

/// <summary>Waiting queues of text requests: deadlines count from arrival (the TTFT target), size is the prompt, work is prompt plus output tokens.</summary>
public static class TextQueues
{
    private static readonly Func<TextRequest, QueueItem> s_describe =
        r => new QueueItem(r.ClassIndex, r.ArrivalNs, r.Id, r.PromptTokens, (double)r.PromptTokens + r.OutputTokens);

    public static WaitingQueue<TextRequest> Create(SchedulingPolicy policy, IReadOnlyList<ClassSchedule> classes)
        => WaitingQueue<TextRequest>.Create(policy, classes, s_describe);
}
